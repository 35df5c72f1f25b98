/* test-change-sources.c — where changes are read from: sources kept per
 * service, what a read found merged into an incident's changes once, and
 * the kind of a change guessed from its files and words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-change-source.h"
#include "ic-store-change-sources.h"
#include "ic-test-store-fixture.h"

#define MINUTES(n) ((gint64) (n) * 60 * G_USEC_PER_SEC)

static IcChangeDraft *
draft (const char *revision,
       const char *description,
       gint64      changed_at)
{
  IcChangeDraft *d = ic_change_draft_new ();

  d->kind = IC_CHANGE_KIND_CONFIG;
  d->revision = g_strdup (revision);
  d->description = g_strdup (description);
  d->changed_at = changed_at;
  d->author = g_strdup ("Ana");
  return d;
}

/* Sources per service, or for every incident; each kept with its branch,
 * path filters and how its last read went; removed without their changes. */
static void
test_sources (StoreFixture  *fx,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IcChangeSource) code = ic_change_source_new (IC_CHANGE_SOURCE_GIT, "sessions",
                                                         "/srv/git/sessions-api");
  g_autoptr(IcChangeSource) config = ic_change_source_new (IC_CHANGE_SOURCE_GIT, "sessions",
                                                           "/srv/git/sessions-config.git");
  g_autoptr(IcChangeSource) feed = ic_change_source_new (IC_CHANGE_SOURCE_FEED, "",
                                                         "https://deploys.example/api/changes");
  g_autoptr(IcChangeSource) other = ic_change_source_new (IC_CHANGE_SOURCE_GIT, "checkout",
                                                          "/srv/git/checkout");
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autofree char *name = NULL;
  const IcChangeSource *read;

  config->branch = g_strdup ("prod");
  g_strfreev (config->paths);
  config->paths = g_strsplit ("env/prod\nk8s/*.yaml", "\n", -1);
  feed->mapping = g_strdup ("{\"items\": \"$.deployments[*]\"}");
  feed->secret_ref = g_strdup ("4f6c2d");
  g_assert_true (ic_store_add_change_source (fx->store, code, &error));
  g_assert_true (ic_store_add_change_source (fx->store, config, &error));
  g_assert_true (ic_store_add_change_source (fx->store, feed, &error));
  g_assert_true (ic_store_add_change_source (fx->store, other, &error));
  g_assert_no_error (error);
  g_assert_cmpint (config->id, >, code->id);

  /* An incident of "sessions" reads its own two and the one for all. */
  sessions = ic_store_list_change_sources (fx->store, "sessions", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 3);
  read = sessions->pdata[1];
  g_assert_cmpstr (read->location, ==, "/srv/git/sessions-config.git");
  g_assert_cmpstr (read->branch, ==, "prod");
  g_assert_cmpuint (g_strv_length (read->paths), ==, 2);
  g_assert_cmpstr (read->paths[1], ==, "k8s/*.yaml");
  g_assert_cmpuint (read->window_minutes, ==, 120);
  name = ic_change_source_dup_name (read);
  g_assert_cmpstr (name, ==, "sessions-config@prod");
  g_clear_pointer (&name, g_free);
  name = ic_change_source_dup_name (sessions->pdata[2]);
  g_assert_cmpstr (name, ==, "deploys.example");
  g_assert_cmpstr (((IcChangeSource *) sessions->pdata[2])->mapping, ==,
                   "{\"items\": \"$.deployments[*]\"}");
  g_assert_cmpstr (((IcChangeSource *) sessions->pdata[2])->secret_ref, ==, "4f6c2d");
  g_assert_null (read->secret_ref);

  /* How a read went. */
  ic_clock_advance (fx->clock, MINUTES (1));
  g_assert_true (ic_store_set_change_source_status (fx->store, config->id, TRUE,
                                                    "/srv/git/sessions-config.git is not a git "
                                                    "repository", &error));
  g_assert_no_error (error);
  all = ic_store_list_change_sources (fx->store, NULL, &error);
  g_assert_cmpuint (all->len, ==, 4);
  read = all->pdata[1];
  g_assert_true (read->failed);
  g_assert_cmpint (read->read_at, ==, IC_TEST_START_US + MINUTES (1));
  g_assert_cmpstr (read->status, ==, "/srv/git/sessions-config.git is not a git repository");

  /* Removed: gone from the list; removing it again says there is none. */
  g_assert_true (ic_store_remove_change_source (fx->store, code->id, &error));
  g_assert_false (ic_store_remove_change_source (fx->store, code->id, &error));
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_pointer (&sessions, g_ptr_array_unref);
  sessions = ic_store_list_change_sources (fx->store, "sessions", &error);
  g_assert_cmpuint (sessions->len, ==, 2);
}

/* Bad input: each refused with what is wrong, nothing stored. */
static void
test_bad_sources (StoreFixture  *fx,
                  gconstpointer  data)
{
  static const struct { IcChangeSourceKind kind; const char *location; const char *mapping;
                        guint window; const char *message; } cases[] = {
    { IC_CHANGE_SOURCE_GIT, "  ", NULL, 120,
      "A change source needs a repository folder or a feed address" },
    { IC_CHANGE_SOURCE_GIT, "repos/sessions", NULL, 120,
      "A repository is given by its full path (it starts with /)" },
    { IC_CHANGE_SOURCE_FEED, "ftp://deploys.example/", NULL, 120,
      "A deployment feed is an http:// or https:// address" },
    { IC_CHANGE_SOURCE_FEED, "https://deploys.example/", "[\"$.items\"]", 120,
      "A feed’s field mapping is a JSON object of JSONPath expressions" },
    { IC_CHANGE_SOURCE_GIT, "/srv/git/a", NULL, 0,
      "A change source reads between 1 minute and 7 days before the alert" },
  };
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(IcChangeSource) first = ic_change_source_new (IC_CHANGE_SOURCE_GIT, "sessions",
                                                          "/srv/git/sessions-api");
  g_autoptr(IcChangeSource) again = ic_change_source_copy (first);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(IcChangeSource) source = ic_change_source_new (cases[i].kind, "sessions",
                                                               cases[i].location);
      g_autoptr(GError) local = NULL;

      source->mapping = g_strdup (cases[i].mapping);
      source->window_minutes = cases[i].window;
      g_assert_false (ic_store_add_change_source (fx->store, source, &local));
      g_assert_error (local, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
      g_assert_cmpstr (local->message, ==, cases[i].message);
    }
  /* The same repository twice for one service. */
  g_assert_true (ic_store_add_change_source (fx->store, first, &error));
  g_assert_false (ic_store_add_change_source (fx->store, again, &error));
  g_assert_error (error, IC_STORE_ERROR, IC_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "This change source is there already");
  all = ic_store_list_change_sources (fx->store, NULL, NULL);
  g_assert_cmpuint (all->len, ==, 1);
}

/* A read merged twice is one set of changes: the second read adds only
 * what is new, and a change already there keeps its rollback. */
static void
test_merge (StoreFixture  *fx,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) first = g_ptr_array_new_with_free_func ((GDestroyNotify) ic_change_draft_free);
  g_autoptr(GPtrArray) second = g_ptr_array_new_with_free_func ((GDestroyNotify) ic_change_draft_free);
  g_autoptr(IcStore) reopened = NULL;
  g_autoptr(IcIncident) incident = NULL;
  GListModel *changes = ic_store_get_changes (fx->store, fx->incident);
  IcChangeDraft *renamed;
  IcChange *change;
  guint added = 99;

  renamed = draft ("9f2c1e0", "sessions-config 9f2c1e0: Simplify Redis connection settings",
                   IC_TEST_START_US - MINUTES (35));
  renamed->config_diff = g_strdup ("prod.env: CLUSTER_DISCOVERY removed (was true); REDIS_URI "
                                   "added (redis://10.0.4.13:6379) — CLUSTER_DISCOVERY removed, "
                                   "REDIS_URI added: renamed?");
  g_ptr_array_add (first, renamed);
  g_ptr_array_add (first, draft ("41ab77d", "sessions-config 41ab77d: Raise pool size",
                                 IC_TEST_START_US - MINUTES (90)));
  /* No revision: it cannot be told apart next time, so it is skipped. */
  g_ptr_array_add (first, draft (NULL, "no revision", IC_TEST_START_US - MINUTES (5)));
  g_assert_true (ic_store_merge_changes (fx->store, fx->incident, "sessions-config", first, &added,
                                         &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (changes), ==, 2);
  change = g_list_model_get_item (changes, 0);
  g_object_unref (change);
  g_assert_cmpstr (ic_change_get_revision (change), ==, "9f2c1e0");
  g_assert_cmpstr (ic_change_get_source (change), ==, "sessions-config");
  g_assert_cmpstr (ic_change_get_author (change), ==, "Ana");
  g_assert_true (g_str_has_prefix (ic_change_get_config_diff (change), "prod.env: "));
  g_assert_true (ic_store_roll_back_change (fx->store, fx->incident, change, &error));
  g_assert_no_error (error);

  /* The next read: one new commit, one already there. */
  ic_clock_advance (fx->clock, MINUTES (2));
  g_ptr_array_add (second, draft ("9f2c1e0", "sessions-config 9f2c1e0: (read again)",
                                  IC_TEST_START_US - MINUTES (35)));
  g_ptr_array_add (second, draft ("c0ffee1", "sessions-config c0ffee1: Revert \"Simplify\"",
                                  IC_TEST_START_US + MINUTES (1)));
  g_assert_true (ic_store_merge_changes (fx->store, fx->incident, "sessions-config", second,
                                         &added, &error));
  g_assert_cmpuint (added, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (changes), ==, 3);
  /* The same revision from another source is another change. */
  g_assert_true (ic_store_merge_changes (fx->store, fx->incident, "sessions-api", second, &added,
                                         &error));
  g_assert_cmpuint (added, ==, 2);
  g_assert_true (ic_store_flush (fx->store, &error));

  /* As another connection reads them. */
  reopened = ic_store_open (fx->path, fx->clock, &error);
  g_assert_no_error (error);
  incident = g_list_model_get_item (ic_store_get_incidents (reopened), 0);
  changes = ic_store_get_changes (reopened, incident);
  g_assert_cmpuint (g_list_model_get_n_items (changes), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(IcChange) one = g_list_model_get_item (changes, i);

      if (g_strcmp0 (ic_change_get_revision (one), "9f2c1e0") == 0
          && g_strcmp0 (ic_change_get_source (one), "sessions-config") == 0)
        {
          g_assert_cmpstr (ic_change_get_description (one), ==,
                           "sessions-config 9f2c1e0: Simplify Redis connection settings");
          g_assert_cmpint (ic_change_get_rolled_back_at (one), >, 0);
          g_assert_nonnull (ic_change_get_config_diff (one));
        }
    }
  ic_store_close (reopened);
}

/* The kind, from the files a change touched, then from its words. */
static void
test_guess_kind (void)
{
  static const struct { const char *message; const char *paths; IcChangeKind kind; } cases[] = {
    { "Add index", "db/migrations/0042_add_index.sql", IC_CHANGE_KIND_MIGRATION },
    { "Point api at the new LB", "dns/example.com.zone", IC_CHANGE_KIND_DNS },
    { "Enable remember-me", "flags/sessions.json", IC_CHANGE_KIND_FEATURE_FLAG },
    { "Simplify Redis settings", "env/prod.env\nk8s/deployment.yaml", IC_CHANGE_KIND_CONFIG },
    { "Rotate refresh tokens", "src/tokens.c\nenv/prod.env", IC_CHANGE_KIND_DEPLOY },
    { "Run the users migration", NULL, IC_CHANGE_KIND_MIGRATION },
    { "Raise the rollout of new-checkout to 50 %", NULL, IC_CHANGE_KIND_FEATURE_FLAG },
    { "Deployed sessions-api v2.32.0", NULL, IC_CHANGE_KIND_DEPLOY },
    { "Changed the CNAME of api", NULL, IC_CHANGE_KIND_DNS },
    { "Weekly sync", NULL, IC_CHANGE_KIND_OTHER },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(GStrv) paths = cases[i].paths != NULL ? g_strsplit (cases[i].paths, "\n", -1) : NULL;

      g_test_message ("%s", cases[i].message);
      g_assert_cmpint (ic_change_guess_kind (cases[i].message, (const char * const *) paths), ==,
                       cases[i].kind);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, StoreFixture, NULL, store_fixture_setup, fn, store_fixture_teardown)
  ADD ("/ic/change-sources/sources", test_sources);
  ADD ("/ic/change-sources/bad-sources", test_bad_sources);
  ADD ("/ic/change-sources/merge", test_merge);
#undef ADD
  g_test_add_func ("/ic/change-sources/guess-kind", test_guess_kind);
  return g_test_run ();
}
