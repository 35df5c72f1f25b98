/* ic-store-schema.c — the data model of DESIGN.md §4, one migration per version
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-store-private.h"

/*
 * Times are INTEGER microseconds since the Unix epoch (UTC); NULL means unset.
 * Enumerations are stored as their stable lower-case string forms and
 * checked, so a bad value is refused by SQLite itself.
 */
#define PM_COLUMNS \
  "summary, impact, root_cause, detection_gap, debugging_gap, went_well, went_wrong, lucky," \
  " lessons"
#define PM_NEW \
  "NEW.summary, NEW.impact, NEW.root_cause, NEW.detection_gap, NEW.debugging_gap," \
  " NEW.went_well, NEW.went_wrong, NEW.lucky, NEW.lessons"
#define PM_OLD \
  "OLD.summary, OLD.impact, OLD.root_cause, OLD.detection_gap, OLD.debugging_gap," \
  " OLD.went_well, OLD.went_wrong, OLD.lucky, OLD.lessons"

static const char schema_v1[] =
  "CREATE TABLE incidents ("
  "  id INTEGER PRIMARY KEY,"
  "  title TEXT NOT NULL CHECK (length(trim(title)) > 0),"
  "  service TEXT NOT NULL DEFAULT '',"
  "  severity TEXT NOT NULL DEFAULT 'sev2'"
  "    CHECK (severity IN ('sev1','sev2','sev3','sev4')),"
  "  status TEXT NOT NULL DEFAULT 'investigating'"
  "    CHECK (status IN ('investigating','identified','mitigating','monitoring','resolved')),"
  "  drill INTEGER NOT NULL DEFAULT 0 CHECK (drill IN (0, 1)),"
  "  created_via TEXT NOT NULL DEFAULT 'app' CHECK (created_via IN ('app','cli','uri','alert')),"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  alert_time INTEGER NOT NULL,"
  "  alert_source TEXT CHECK (alert_source IS NULL OR alert_source IN ('pagerduty','alertmanager')),"
  "  alert_payload TEXT,"
  "  alert_dedup_key TEXT,"
  "  alert_url TEXT,"
  "  acknowledged_at INTEGER,"
  "  breathe_state TEXT NOT NULL DEFAULT 'pending'"
  "    CHECK (breathe_state IN ('pending','completed','skipped')),"
  "  breathe_ended_at INTEGER,"
  "  structure_completed_at INTEGER,"
  "  last_known_good TEXT NOT NULL DEFAULT '',"
  "  last_known_good_at INTEGER,"
  "  blast_scope TEXT NOT NULL DEFAULT 'unknown' CHECK (blast_scope IN ('unknown','all','subset')),"
  "  blast_radius TEXT NOT NULL DEFAULT '',"
  "  blast_region TEXT NOT NULL DEFAULT '',"
  "  blast_zone TEXT NOT NULL DEFAULT '',"
  "  blast_path TEXT NOT NULL DEFAULT '' CHECK (blast_path IN ('','read','write','both')),"
  "  blast_percent REAL CHECK (blast_percent IS NULL OR (blast_percent >= 0 AND blast_percent <= 100)),"
  "  affected_services TEXT NOT NULL DEFAULT '',"
  "  error_rate REAL CHECK (error_rate IS NULL OR (error_rate >= 0 AND error_rate <= 1)),"
  "  notes TEXT NOT NULL DEFAULT '',"
  "  rollback_deadline INTEGER,"
  "  identified_at INTEGER,"
  "  mitigated_at INTEGER,"
  "  resolved_at INTEGER"
  ");"
  "CREATE INDEX incidents_by_recency ON incidents (created_at DESC);"
  "CREATE INDEX incidents_by_dedup ON incidents (alert_source, alert_dedup_key)"
  "  WHERE alert_dedup_key IS NOT NULL;"

  "CREATE TABLE changes ("
  "  id INTEGER PRIMARY KEY,"
  "  incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,"
  "  kind TEXT NOT NULL"
  "    CHECK (kind IN ('deploy','config','dns','migration','feature-flag','other')),"
  "  description TEXT NOT NULL CHECK (length(trim(description)) > 0),"
  "  changed_at INTEGER NOT NULL,"
  "  reversible INTEGER NOT NULL DEFAULT 1 CHECK (reversible IN (0, 1)),"
  "  rolled_back_at INTEGER,"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX changes_by_incident ON changes (incident_id, changed_at DESC);"

  "CREATE TABLE decision_checks ("
  "  incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,"
  "  step INTEGER NOT NULL CHECK (step BETWEEN 1 AND 4),"
  "  answer TEXT NOT NULL DEFAULT 'unanswered'"
  "    CHECK (answer IN ('unanswered','yes','no','unknown')),"
  "  note TEXT NOT NULL DEFAULT '',"
  "  answered_at INTEGER,"
  "  PRIMARY KEY (incident_id, step)"
  ") WITHOUT ROWID;"

  "CREATE TABLE hypotheses ("
  "  id INTEGER PRIMARY KEY,"
  "  incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,"
  "  rank INTEGER NOT NULL CHECK (rank >= 1),"
  "  text TEXT NOT NULL CHECK (length(trim(text)) > 0),"
  "  likelihood TEXT NOT NULL CHECK (likelihood IN ('likely','possible','wild-card')),"
  "  status TEXT NOT NULL DEFAULT 'open'"
  "    CHECK (status IN ('open','testing','confirmed','refuted')),"
  "  test_command TEXT NOT NULL DEFAULT '',"
  "  created_at INTEGER NOT NULL,"
  "  status_changed_at INTEGER,"
  "  UNIQUE (incident_id, rank)"
  ");"

  "CREATE TABLE probes ("
  "  id INTEGER PRIMARY KEY,"
  "  incident_id INTEGER REFERENCES incidents (id) ON DELETE CASCADE,"
  "  service TEXT,"
  "  kind TEXT NOT NULL CHECK (kind IN ('http','redis','prometheus','tcp','dns')),"
  "  name TEXT NOT NULL CHECK (length(trim(name)) > 0),"
  "  config TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(config)),"
  "  interval_ms INTEGER NOT NULL DEFAULT 10000 CHECK (interval_ms >= 500),"
  "  timeout_ms INTEGER NOT NULL DEFAULT 5000 CHECK (timeout_ms > 0),"
  "  latency_threshold_ms INTEGER CHECK (latency_threshold_ms IS NULL OR latency_threshold_ms > 0),"
  "  warn_threshold REAL,"
  "  fail_threshold REAL,"
  "  failure_threshold INTEGER NOT NULL DEFAULT 2 CHECK (failure_threshold >= 1),"
  "  recovery_threshold INTEGER NOT NULL DEFAULT 2 CHECK (recovery_threshold >= 1),"
  "  retention INTEGER NOT NULL DEFAULT 2000 CHECK (retention >= 1),"
  "  secret_ref TEXT,"
  "  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),"
  "  created_at INTEGER NOT NULL,"
  "  CHECK (incident_id IS NOT NULL OR service IS NOT NULL)"
  ");"
  "CREATE INDEX probes_by_incident ON probes (incident_id);"
  "CREATE INDEX probes_by_service ON probes (service);"

  "CREATE TABLE probe_samples ("
  "  id INTEGER PRIMARY KEY,"
  "  probe_id INTEGER NOT NULL REFERENCES probes (id) ON DELETE CASCADE,"
  "  sampled_at INTEGER NOT NULL,"
  "  state TEXT NOT NULL CHECK (state IN ('ok','degraded','failing','error')),"
  "  latency_us INTEGER,"
  "  value REAL,"
  "  error_kind TEXT,"
  "  detail TEXT NOT NULL DEFAULT ''"
  ");"
  "CREATE INDEX probe_samples_by_probe ON probe_samples (probe_id, id DESC);"
  /* Bounded retention: keep the newest `retention` samples of each probe. */
  "CREATE TRIGGER probe_samples_retention AFTER INSERT ON probe_samples BEGIN"
  "  DELETE FROM probe_samples WHERE probe_id = NEW.probe_id AND id <= ("
  "    SELECT id FROM probe_samples WHERE probe_id = NEW.probe_id ORDER BY id DESC"
  "    LIMIT 1 OFFSET COALESCE((SELECT retention FROM probes WHERE id = NEW.probe_id), 2000));"
  "END;"

  "CREATE TABLE evidence ("
  "  id INTEGER PRIMARY KEY,"
  "  hypothesis_id INTEGER NOT NULL REFERENCES hypotheses (id) ON DELETE CASCADE,"
  "  stance TEXT NOT NULL CHECK (stance IN ('for','against')),"
  "  text TEXT NOT NULL CHECK (length(trim(text)) > 0),"
  "  probe_sample_id INTEGER REFERENCES probe_samples (id) ON DELETE SET NULL,"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX evidence_by_hypothesis ON evidence (hypothesis_id, created_at);"
  "CREATE INDEX evidence_by_sample ON evidence (probe_sample_id);"

  "CREATE TABLE timeline ("
  "  id INTEGER PRIMARY KEY,"
  "  incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,"
  "  occurred_at INTEGER NOT NULL,"
  "  kind TEXT NOT NULL CHECK (length(kind) > 0),"
  "  text TEXT NOT NULL,"
  "  reference TEXT,"
  "  pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),"
  "  manual INTEGER NOT NULL DEFAULT 0 CHECK (manual IN (0, 1))"
  ");"
  "CREATE INDEX timeline_by_incident ON timeline (incident_id, occurred_at, id);"

  "CREATE TABLE status_updates ("
  "  id INTEGER PRIMARY KEY,"
  "  incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,"
  "  status TEXT NOT NULL"
  "    CHECK (status IN ('investigating','identified','mitigating','monitoring','resolved')),"
  "  what_we_see TEXT NOT NULL CHECK (length(trim(what_we_see)) > 0),"
  "  action TEXT NOT NULL CHECK (length(trim(action)) > 0),"
  "  next_update_minutes INTEGER CHECK (next_update_minutes IS NULL OR next_update_minutes > 0),"
  "  next_update_at INTEGER,"
  "  message TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX status_updates_by_incident ON status_updates (incident_id, created_at);"

  "CREATE TABLE actions ("
  "  id INTEGER PRIMARY KEY,"
  "  incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,"
  "  text TEXT NOT NULL CHECK (length(trim(text)) > 0),"
  "  state TEXT NOT NULL DEFAULT 'planned' CHECK (state IN ('planned','taken')),"
  "  reversible INTEGER NOT NULL CHECK (reversible IN (0, 1)),"
  "  change_id INTEGER REFERENCES changes (id) ON DELETE SET NULL,"
  "  taken_at INTEGER,"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX actions_by_incident ON actions (incident_id, created_at);"

  "CREATE TABLE postmortem ("
  "  incident_id INTEGER PRIMARY KEY REFERENCES incidents (id) ON DELETE CASCADE,"
  "  summary TEXT NOT NULL DEFAULT '',"
  "  impact TEXT NOT NULL DEFAULT '',"
  "  root_cause TEXT NOT NULL DEFAULT '',"
  "  detection_gap TEXT NOT NULL DEFAULT '',"
  "  debugging_gap TEXT NOT NULL DEFAULT '',"
  "  went_well TEXT NOT NULL DEFAULT '',"
  "  went_wrong TEXT NOT NULL DEFAULT '',"
  "  lucky TEXT NOT NULL DEFAULT '',"
  "  lessons TEXT NOT NULL DEFAULT '',"
  "  updated_at INTEGER NOT NULL"
  ");"

  "CREATE TABLE whys ("
  "  id INTEGER PRIMARY KEY,"
  "  incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL CHECK (position >= 1),"
  "  question TEXT NOT NULL DEFAULT '',"
  "  answer TEXT NOT NULL DEFAULT '',"
  "  UNIQUE (incident_id, position)"
  ");"

  "CREATE TABLE action_items ("
  "  id INTEGER PRIMARY KEY,"
  "  incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,"
  "  text TEXT NOT NULL CHECK (length(trim(text)) > 0),"
  "  owner TEXT NOT NULL DEFAULT '',"
  "  due_date TEXT CHECK (due_date IS NULL OR date(due_date) IS due_date),"
  "  kind TEXT NOT NULL DEFAULT 'other'"
  "    CHECK (kind IN ('monitoring','process','code','other')),"
  "  done INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX action_items_by_incident ON action_items (incident_id);"

  /*
   * Full-text search over every text a responder may look for later: one
   * external-content FTS5 index per source table, keyed by that table's
   * rowid, so the triggers that keep them in step touch one row by key
   * instead of scanning the index.
   */
  "CREATE VIRTUAL TABLE search_incidents USING fts5 ("
  "  title, service, notes, content = 'incidents', content_rowid = 'id',"
  "  tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');"
  "CREATE TRIGGER search_incidents_insert AFTER INSERT ON incidents BEGIN"
  "  INSERT INTO search_incidents (rowid, title, service, notes)"
  "  VALUES (NEW.id, NEW.title, NEW.service, NEW.notes);"
  "END;"
  "CREATE TRIGGER search_incidents_update AFTER UPDATE OF title, service, notes ON incidents"
  "  WHEN OLD.title IS NOT NEW.title OR OLD.service IS NOT NEW.service"
  "    OR OLD.notes IS NOT NEW.notes BEGIN"
  "  INSERT INTO search_incidents (search_incidents, rowid, title, service, notes)"
  "  VALUES ('delete', OLD.id, OLD.title, OLD.service, OLD.notes);"
  "  INSERT INTO search_incidents (rowid, title, service, notes)"
  "  VALUES (NEW.id, NEW.title, NEW.service, NEW.notes);"
  "END;"
  "CREATE TRIGGER search_incidents_delete AFTER DELETE ON incidents BEGIN"
  "  INSERT INTO search_incidents (search_incidents, rowid, title, service, notes)"
  "  VALUES ('delete', OLD.id, OLD.title, OLD.service, OLD.notes);"
  "END;"

  "CREATE VIRTUAL TABLE search_timeline USING fts5 ("
  "  text, content = 'timeline', content_rowid = 'id',"
  "  tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');"
  "CREATE TRIGGER search_timeline_insert AFTER INSERT ON timeline BEGIN"
  "  INSERT INTO search_timeline (rowid, text) VALUES (NEW.id, NEW.text);"
  "END;"
  "CREATE TRIGGER search_timeline_update AFTER UPDATE OF text ON timeline BEGIN"
  "  INSERT INTO search_timeline (search_timeline, rowid, text) VALUES ('delete', OLD.id, OLD.text);"
  "  INSERT INTO search_timeline (rowid, text) VALUES (NEW.id, NEW.text);"
  "END;"
  "CREATE TRIGGER search_timeline_delete AFTER DELETE ON timeline BEGIN"
  "  INSERT INTO search_timeline (search_timeline, rowid, text) VALUES ('delete', OLD.id, OLD.text);"
  "END;"

  "CREATE VIRTUAL TABLE search_hypotheses USING fts5 ("
  "  text, test_command, content = 'hypotheses', content_rowid = 'id',"
  "  tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');"
  "CREATE TRIGGER search_hypotheses_insert AFTER INSERT ON hypotheses BEGIN"
  "  INSERT INTO search_hypotheses (rowid, text, test_command)"
  "  VALUES (NEW.id, NEW.text, NEW.test_command);"
  "END;"
  "CREATE TRIGGER search_hypotheses_update AFTER UPDATE OF text, test_command ON hypotheses BEGIN"
  "  INSERT INTO search_hypotheses (search_hypotheses, rowid, text, test_command)"
  "  VALUES ('delete', OLD.id, OLD.text, OLD.test_command);"
  "  INSERT INTO search_hypotheses (rowid, text, test_command)"
  "  VALUES (NEW.id, NEW.text, NEW.test_command);"
  "END;"
  "CREATE TRIGGER search_hypotheses_delete AFTER DELETE ON hypotheses BEGIN"
  "  INSERT INTO search_hypotheses (search_hypotheses, rowid, text, test_command)"
  "  VALUES ('delete', OLD.id, OLD.text, OLD.test_command);"
  "END;"

  "CREATE VIRTUAL TABLE search_postmortem USING fts5 ("
  "  summary, impact, root_cause, detection_gap, debugging_gap, went_well, went_wrong, lucky,"
  "  lessons, content = 'postmortem', content_rowid = 'incident_id',"
  "  tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');"
  "CREATE TRIGGER search_postmortem_insert AFTER INSERT ON postmortem BEGIN"
  "  INSERT INTO search_postmortem (rowid, " PM_COLUMNS ")"
  "  VALUES (NEW.incident_id, " PM_NEW ");"
  "END;"
  "CREATE TRIGGER search_postmortem_update AFTER UPDATE ON postmortem BEGIN"
  "  INSERT INTO search_postmortem (search_postmortem, rowid, " PM_COLUMNS ")"
  "  VALUES ('delete', OLD.incident_id, " PM_OLD ");"
  "  INSERT INTO search_postmortem (rowid, " PM_COLUMNS ")"
  "  VALUES (NEW.incident_id, " PM_NEW ");"
  "END;"
  "CREATE TRIGGER search_postmortem_delete AFTER DELETE ON postmortem BEGIN"
  "  INSERT INTO search_postmortem (search_postmortem, rowid, " PM_COLUMNS ")"
  "  VALUES ('delete', OLD.incident_id, " PM_OLD ");"
  "END;";

/*
 * v2: a probe that came from an incident file waits, stopped, until the
 * user confirms its target (DESIGN.md §9); such a probe can never be
 * enabled while it waits.
 */
static const char schema_v2[] =
  "ALTER TABLE probes ADD COLUMN awaiting_confirmation INTEGER NOT NULL DEFAULT 0"
  "  CHECK (awaiting_confirmation IN (0, 1) AND (awaiting_confirmation = 0 OR enabled = 0));";

/*
 * v3: drills. A drill is an incident with drill = 1 and a row here: the
 * scenario it replays (the file's text, so that it replays the same even
 * if the file changes), when it started, when the culprit change was rolled
 * back (its probes recover from then on), the time spent paused, and how it
 * ended.
 */
static const char schema_v3[] =
  "CREATE TABLE drills ("
  "  incident_id INTEGER PRIMARY KEY REFERENCES incidents (id) ON DELETE CASCADE,"
  "  scenario_id TEXT NOT NULL,"
  "  scenario TEXT NOT NULL CHECK (json_valid(scenario)),"
  "  started_at INTEGER NOT NULL,"
  "  culprit_change_id INTEGER REFERENCES changes (id) ON DELETE SET NULL,"
  "  fixed_at INTEGER,"
  "  paused_at INTEGER,"
  "  paused_us INTEGER NOT NULL DEFAULT 0 CHECK (paused_us >= 0),"
  "  ended_at INTEGER,"
  "  abandoned INTEGER NOT NULL DEFAULT 0 CHECK (abandoned IN (0, 1)));"
  "CREATE INDEX drills_by_scenario ON drills (scenario_id, started_at);";

/*
 * v4: each pause of a drill, so that its debrief can count time from the
 * page without the pauses. The drills row stays the one thing the app
 * writes (paused_at set, then cleared with paused_us grown); these
 * triggers keep the intervals in the same statement. A drill paused before
 * v4 has its total only: its earlier pauses are not in here.
 */
static const char schema_v4[] =
  "CREATE TABLE drill_pauses ("
  "  id INTEGER PRIMARY KEY,"
  "  incident_id INTEGER NOT NULL REFERENCES drills (incident_id) ON DELETE CASCADE,"
  "  paused_at INTEGER NOT NULL,"
  "  resumed_at INTEGER CHECK (resumed_at IS NULL OR resumed_at >= paused_at));"
  "CREATE INDEX drill_pauses_by_incident ON drill_pauses (incident_id, paused_at);"
  "CREATE TRIGGER drill_paused AFTER UPDATE OF paused_at ON drills"
  "  WHEN OLD.paused_at IS NULL AND NEW.paused_at IS NOT NULL BEGIN"
  "  INSERT INTO drill_pauses (incident_id, paused_at) VALUES (NEW.incident_id, NEW.paused_at);"
  "END;"
  "CREATE TRIGGER drill_resumed AFTER UPDATE OF paused_at ON drills"
  "  WHEN OLD.paused_at IS NOT NULL AND NEW.paused_at IS NULL BEGIN"
  "  UPDATE drill_pauses SET resumed_at = paused_at + MAX(NEW.paused_us - OLD.paused_us, 0)"
  "    WHERE incident_id = NEW.incident_id AND resumed_at IS NULL;"
  "END;";

/*
 * v5: change sources. Per service (or, with service '', for every
 * incident), a git repository or a deployment feed whose changes are read
 * into each incident's changes; how the last read went is kept on the
 * source (a feed's Authorization is in the keyring, under secret_ref). A
 * change read from one carries the source's name, its revision
 * (the commit, the deployment id), author and config diff; one revision
 * of one source is one change of an incident, however often it is read.
 * No foreign key to the source: a change outlives its source, and an
 * incident file carries its changes to databases without it.
 */
static const char schema_v5[] =
  "CREATE TABLE change_sources ("
  "  id INTEGER PRIMARY KEY,"
  "  service TEXT NOT NULL DEFAULT '',"
  "  kind TEXT NOT NULL CHECK (kind IN ('git', 'feed')),"
  "  location TEXT NOT NULL CHECK (length(trim(location)) > 0),"
  "  branch TEXT NOT NULL DEFAULT '',"
  "  paths TEXT NOT NULL DEFAULT '',"
  "  mapping TEXT CHECK (mapping IS NULL OR json_valid(mapping)),"
  "  secret_ref TEXT,"
  "  window_minutes INTEGER NOT NULL DEFAULT 120 CHECK (window_minutes BETWEEN 1 AND 10080),"
  "  read_at INTEGER,"
  "  failed INTEGER NOT NULL DEFAULT 0 CHECK (failed IN (0, 1)),"
  "  status TEXT,"
  "  created_at INTEGER NOT NULL,"
  "  UNIQUE (service, kind, location, branch));"
  "ALTER TABLE changes ADD COLUMN source TEXT;"
  "ALTER TABLE changes ADD COLUMN revision TEXT;"
  "ALTER TABLE changes ADD COLUMN author TEXT;"
  "ALTER TABLE changes ADD COLUMN config_diff TEXT;"
  "CREATE UNIQUE INDEX changes_by_revision ON changes (incident_id, source, revision)"
  "  WHERE revision IS NOT NULL;";

/*
 * v6: the timeline's full-text index is keyed by incident (#17). A search
 * wants incidents, and v1's index gave timeline rows: a word in most
 * events (a service's name) meant looking up the incident of each of
 * hundreds of thousands of rows. The new index, search_events, indexes the
 * same text through a view of the timeline whose rowid is the incident's id
 * times 2^32 plus the event's: the incident is the rowid shifted right, and
 * one incident's matches come one after another. The rows go in by key, so
 * that they fill few segments.
 *
 * Only ids the app itself gives fit that key: incident ids from 1 to
 * 2^31 - 1, event ids from 1 to 2^32 - 1. Rows beyond it (from a hand-made
 * file) stay in v1's search_timeline, by event id as before, which holds
 * nothing else from now on; searches read both.
 */
#define EVENT_KEYED(row) IC_STORE_EVENT_KEYED (row)
#define EVENT_KEY(row) "((" row ".incident_id << 32) | " row ".id)"
#define EVENT_INSERT(row) \
  "  INSERT INTO search_events (rowid, text)" \
  "  SELECT " EVENT_KEY (row) ", " row ".text WHERE " EVENT_KEYED (row) ";" \
  "  INSERT INTO search_timeline (rowid, text)" \
  "  SELECT " row ".id, " row ".text WHERE NOT " EVENT_KEYED (row) ";"
#define EVENT_DELETE(row) \
  "  INSERT INTO search_events (search_events, rowid, text)" \
  "  SELECT 'delete', " EVENT_KEY (row) ", " row ".text WHERE " EVENT_KEYED (row) ";" \
  "  INSERT INTO search_timeline (search_timeline, rowid, text)" \
  "  SELECT 'delete', " row ".id, " row ".text WHERE NOT " EVENT_KEYED (row) ";"

static const char schema_v6[] =
  "DROP TRIGGER search_timeline_insert;"
  "DROP TRIGGER search_timeline_update;"
  "DROP TRIGGER search_timeline_delete;"
  "INSERT INTO search_timeline (search_timeline) VALUES ('delete-all');"
  "INSERT INTO search_timeline (rowid, text)"
  "  SELECT id, text FROM timeline WHERE NOT " EVENT_KEYED ("timeline") ";"
  "CREATE VIEW search_events_source AS"
  "  SELECT " EVENT_KEY ("timeline") " AS search_key, text FROM timeline"
  "  WHERE " EVENT_KEYED ("timeline") ";"
  "CREATE VIRTUAL TABLE search_events USING fts5 ("
  "  text, content = 'search_events_source', content_rowid = 'search_key',"
  "  tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');"
  "INSERT INTO search_events (rowid, text)"
  "  SELECT search_key, text FROM search_events_source ORDER BY search_key;"
  "CREATE TRIGGER search_events_insert AFTER INSERT ON timeline BEGIN"
  EVENT_INSERT ("NEW")
  "END;"
  "CREATE TRIGGER search_events_update AFTER UPDATE OF id, incident_id, text ON timeline BEGIN"
  EVENT_DELETE ("OLD")
  EVENT_INSERT ("NEW")
  "END;"
  "CREATE TRIGGER search_events_delete AFTER DELETE ON timeline BEGIN"
  EVENT_DELETE ("OLD")
  "END;";

/*
 * v7: a second index of the timeline, by block of events (#17). A word
 * that is in most incidents (a service's name) is in ~20 of each one's
 * events, and FTS5 walked every one of those postings: 190,000 of them at
 * 10,000 incidents × 100 events, 10 ms of the search. search_event_blocks
 * holds one row per incident and block of 64 event ids — the text of the
 * block's events, one per line, its rowid the incident's id times 2^32
 * plus the event's id divided by 64 — so the same word has a posting per
 * block: two or three per incident.
 *
 * Lines of one row follow each other in its positions, so a phrase could
 * run from one event into the next: the search reads this index only for
 * a query of a single token, and search_events (which it keeps) for the
 * others. It keeps its own copy of the text (it is a block's whole text,
 * which no table holds), and every change to an event writes its block
 * again from the timeline, which a key makes at most 64 rows.
 */
#define BLOCK_KEY(row) "((" row ".incident_id << 32) | (" row ".id >> 6))"

/* Writes @row's block again from the timeline, when @row fits the key and
 * @when holds. */
#define BLOCK_WRITE(row, when) \
  "  DELETE FROM search_event_blocks WHERE rowid = " BLOCK_KEY (row) \
  "    AND " EVENT_KEYED (row) " AND " when ";" \
  "  INSERT INTO search_event_blocks (rowid, text)" \
  "  SELECT " BLOCK_KEY (row) ", group_concat (text, char(10)) FROM timeline" \
  "  WHERE id BETWEEN (" row ".id >> 6) << 6 AND ((" row ".id >> 6) << 6) + 63" \
  "    AND incident_id = " row ".incident_id AND " EVENT_KEYED (row) " AND " when \
  "  HAVING count(*) > 0;"

static const char schema_v7[] =
  "CREATE VIRTUAL TABLE search_event_blocks USING fts5 ("
  "  text, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');"
  /* Each write of a block adds its terms twice (out and back in): merged
   * four segments at a time (the default), a note's commit took up to 5 ms
   * (p99 over 1,000); eight at a time, 1.2 ms. */
  "INSERT INTO search_event_blocks (search_event_blocks, rank) VALUES ('automerge', 8);"
  IC_STORE_EVENT_BLOCKS_BUILD_SQL
  "CREATE TRIGGER search_event_blocks_insert AFTER INSERT ON timeline BEGIN"
  BLOCK_WRITE ("NEW", "1")
  "END;"
  "CREATE TRIGGER search_event_blocks_update AFTER UPDATE OF id, incident_id, text ON timeline"
  "  BEGIN"
  /* An edit of an event's text: its block, once. */
  BLOCK_WRITE ("OLD", BLOCK_KEY ("OLD") " IS NOT " BLOCK_KEY ("NEW"))
  BLOCK_WRITE ("NEW", "1")
  "END;"
  /* An incident deleted takes its events with it (the cascade runs after
   * its row is gone): their blocks go at the first of each, instead of
   * being written again without one event at a time (an incident of 100
   * events: 24 ms). */
  "CREATE TRIGGER search_event_blocks_delete AFTER DELETE ON timeline BEGIN"
  BLOCK_WRITE ("OLD", "EXISTS (SELECT 1 FROM incidents WHERE id = OLD.incident_id)")
  "  DELETE FROM search_event_blocks WHERE rowid = " BLOCK_KEY ("OLD")
  "    AND " EVENT_KEYED ("OLD") " AND NOT EXISTS (SELECT 1 FROM incidents"
  "    WHERE id = OLD.incident_id);"
  "END;";

/*
 * v8: the incident list's order as two indexes (#17). The list shows open
 * incidents first, each part newest first (_ic_list_entry_compare()); with
 * an index of each part in that order, holding what the list sorts by (and
 * the status, which makes it cover the query), a page of the list is read
 * from where the last one ended without touching the table or sorting, so
 * opening reads the first page only and its time does not grow with the
 * number of incidents (the rest is read in pages when the main loop is
 * idle: ic-store.c, load_more_cb()).
 */
static const char schema_v8[] =
  "CREATE INDEX incidents_open_in_list ON incidents (created_at DESC, id DESC, status)"
  "  WHERE status != 'resolved';"
  "CREATE INDEX incidents_resolved_in_list ON incidents (created_at DESC, id DESC, status)"
  "  WHERE status = 'resolved';";

const char * const _ic_store_migrations[IC_STORE_SCHEMA_VERSION] = {
  schema_v1,
  schema_v2,
  schema_v3,
  schema_v4,
  schema_v5,
  schema_v6,
  schema_v7,
  schema_v8,
};
