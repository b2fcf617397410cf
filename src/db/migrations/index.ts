import type { Migration } from "kysely";
import * as m0001 from "./2026_11_25_0001_claims_store.ts";
import * as m0003 from "./2026_11_25_0003_auth.ts";
import * as m0002 from "./2026_11_25_0002_archive.ts";
import * as m0004 from "./2026_11_25_0004_site.ts";
import * as m0005 from "./2026_11_25_0005_security.ts";
import * as m0006 from "./2026_11_25_0006_lists.ts";
import * as m0007 from "./2026_11_25_0007_search_speed.ts";
import * as m0008 from "./2026_11_26_0008_sealed_terms.ts";
import * as m0009 from "./2026_12_05_0009_seal_history.ts";
import * as m0010 from "./2026_12_06_0010_jobs.ts";
import * as m0011 from "./2026_12_06_0011_version_commitments.ts";
import * as m0012 from "./2026_12_06_0012_public_change_notify.ts";
import * as m0013 from "./2026_12_06_0013_four_eyes.ts";
import * as m0014 from "./2026_12_06_0014_invitations.ts";
import * as m0015 from "./2026_12_06_0015_archive_page_text.ts";
import * as m0016 from "./2026_12_06_0016_person_merge.ts";
import * as m0017 from "./2026_12_06_0017_submissions.ts";
import * as m0018 from "./2026_12_06_0018_unparsed_cells.ts";
import * as m0019 from "./2026_12_06_0019_finding_people.ts";
import * as m0020 from "./2026_12_06_0020_person_facets.ts";
import * as m0021 from "./2026_12_07_0021_person_facet_terms.ts";
import * as m0022 from "./2026_12_07_0022_public_reads.ts";

/**
 * Every migration, in order. Listed statically (not read from disk) so that the same set runs
 * from the CLI, the tests and a bundled build alike. Add new files here.
 */
export const migrations: Record<string, Migration> = {
  "2026_11_25_0001_claims_store": m0001,
  "2026_11_25_0003_auth": m0003,
  "2026_11_25_0002_archive": m0002,
  "2026_11_25_0004_site": m0004,
  "2026_11_25_0005_security": m0005,
  "2026_11_25_0006_lists": m0006,
  "2026_11_25_0007_search_speed": m0007,
  "2026_11_26_0008_sealed_terms": m0008,
  "2026_12_05_0009_seal_history": m0009,
  "2026_12_06_0010_jobs": m0010,
  "2026_12_06_0011_version_commitments": m0011,
  "2026_12_06_0012_public_change_notify": m0012,
  "2026_12_06_0013_four_eyes": m0013,
  "2026_12_06_0014_invitations": m0014,
  "2026_12_06_0015_archive_page_text": m0015,
  "2026_12_06_0016_person_merge": m0016,
  "2026_12_06_0017_submissions": m0017,
  "2026_12_06_0018_unparsed_cells": m0018,
  "2026_12_06_0019_finding_people": m0019,
  "2026_12_06_0020_person_facets": m0020,
  "2026_12_07_0021_person_facet_terms": m0021,
  "2026_12_07_0022_public_reads": m0022,
};
