// Extra sections other features add to the commitment and plan pages (tracking: status history, meetings),
// without editing those pages: append a panel here; it renders after the built-in sections, or not at all (null).
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { PageContext } from './page.js';
import type { CommitmentView, PlanDetail } from '../ops/register.js';
import { lineagePanel, renewalPanel } from './pages/lineage.js';

export type CommitmentPanel = (ctx: PageContext, commitment: CommitmentView) => Promise<JSX.Element | null> | JSX.Element | null;
export type PlanPanel = (ctx: PageContext, plan: PlanDetail) => Promise<JSX.Element | null> | JSX.Element | null;

export const commitmentPanels: CommitmentPanel[] = [lineagePanel];
export const planPanels: PlanPanel[] = [renewalPanel];
