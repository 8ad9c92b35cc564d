// Every web page, mounted by the app; pages with `nav` appear in the main navigation (by `order`).
// A feature adds its pages by appending them here (see README "Extending the app"). Order matters where
// paths overlap: /plans/removed (plan-edit) before /plans/:id.
import type { WebPage } from '../page.js';
import { portfolioPages } from './portfolio.js';
import { matrixPages } from './matrix.js';
import { planPages } from './plan.js';
import { commitmentPages } from './commitment.js';
import { organizationPages } from './organizations.js';
import { searchPages } from './search.js';
import { uploadPages } from './upload.js';
import { trackingPages } from './tracking.js';
import { planEditPages } from './plan-edit.js';
import { reviewPages } from './review.js';
import { amendmentPages } from './amendments.js';
import { visibilityPages } from './visibility.js';
import { roundPages } from './rounds.js';
import { lineagePages } from './lineage.js';
import { signInPages } from './signin.js';

export const webPages: WebPage[] = [...portfolioPages, ...matrixPages, ...planEditPages, ...planPages, ...reviewPages, ...commitmentPages, ...searchPages, ...organizationPages, ...uploadPages, ...trackingPages, ...amendmentPages, ...lineagePages, ...roundPages, ...visibilityPages, ...signInPages];
