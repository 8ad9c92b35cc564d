// Every migration, in order, defined in code (no files read at run time, so the bundled CLI carries them).
// Add a migration by importing it here under the next number: `'002_tracking': trackingMigration`.
import type { Migration, MigrationProvider } from 'kysely';
import { registerMigration } from './001_register.js';
import { trackingMigration } from './002_tracking.js';
import { commitmentCountsMigration } from './003_commitment_counts.js';
import { linkReviewMigration } from './004_link_review.js';
import { planCorrectionsMigration } from './005_plan_corrections.js';
import { meetingRecordsMigration } from './006_meeting_records.js';
import { accountsMigration } from './007_accounts.js';
import { visibilityAuditMigration } from './008_visibility_audit.js';
import { changeNotifyMigration } from './009_change_notify.js';
import { amendmentsMigration } from './010_amendments.js';
import { mailMigration } from './010_mail.js';
import { roundsMigration } from './011_rounds.js';
import { portfolioCountsMigration } from './012_portfolio_counts.js';
import { lineageMigration } from './013_lineage.js';
import { strengthTextMigration } from './016_strength_text.js';
import { facetTotalsMigration } from './017_facet_totals.js';

export const migrations: Record<string, Migration> = {
  '001_register': registerMigration,
  '002_tracking': trackingMigration,
  '003_commitment_counts': commitmentCountsMigration,
  '004_link_review': linkReviewMigration,
  '005_plan_corrections': planCorrectionsMigration,
  '006_meeting_records': meetingRecordsMigration,
  '007_accounts': accountsMigration,
  '008_visibility_audit': visibilityAuditMigration,
  '009_change_notify': changeNotifyMigration,
  '010_amendments': amendmentsMigration,
  '010_mail': mailMigration,
  '011_rounds': roundsMigration,
  '012_portfolio_counts': portfolioCountsMigration,
  '013_lineage': lineageMigration,
  '016_strength_text': strengthTextMigration,
  '017_facet_totals': facetTotalsMigration,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
