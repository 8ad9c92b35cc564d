// Every API module, mounted by the app and listed in the OpenAPI document from this one list.
// A feature adds its routes by appending its module here (see README "Extending the app").
import type { ApiModule } from '../route.js';
import { registerModule } from './register.js';
import { uploadsModule } from './uploads.js';
import { trackingModule } from './tracking.js';
import { amendmentsModule } from './amendments.js';
import { visibilityModule } from './visibility.js';
import { roundsModule } from './rounds.js';
import { lineageModule } from './lineage.js';

export const apiModules: ApiModule[] = [registerModule, uploadsModule, trackingModule, amendmentsModule, lineageModule, roundsModule, visibilityModule];
