/* ic-change-reader.c — an incident's changes read from its sources, and
 * how that went, for the structure step
 *
 * When an incident is shown its service's change sources are read (off the
 * main thread: ic_change_sources_refresh_async()), and again on demand
 * (F5). Drills read none: their changes are the scenario's. The status says
 * in words what was read and which source failed and why.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-change-reader"

#include "config.h"

#include <glib/gi18n.h>

#include "ic-change-reader.h"
#include "ic-change-refresh.h"
#include "ic-http.h"
#include "ic-store-change-sources.h"
#include "ic-time-input.h"

struct _IcChangeReader
{
  GObject parent_instance;

  /* Owned */
  IcStore      *store;
  IcIncident   *incident;
  GObject      *session;   /* ic-http.h's */
  GCancellable *cancellable;
  char         *status;
  gboolean      busy;
};

enum {
  PROP_0,
  PROP_STATUS,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (IcChangeReader, ic_change_reader, G_TYPE_OBJECT)

static void
set_status (IcChangeReader *self,
            char           *status,
            gboolean        busy)
{
  g_free (self->status);
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
  if (self->busy != busy)
    {
      self->busy = busy;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
}

/* "Read 2 sources at 12:41: 3 changes in the window, 1 new.", then each
 * source that failed and why, a line each. */
static char *
describe (IcChangeReader *self,
          guint           n_read,
          guint           n_added)
{
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *at = NULL;
  GString *text;

  sources = ic_store_list_change_sources (self->store, ic_incident_get_service (self->incident),
                                          &error);
  if (sources == NULL)
    return g_strdup (error->message);
  if (sources->len == 0)
    return g_strdup (_("No change sources for this service yet: add its repositories and "
                       "deployment feeds with Change Sources…"));
  at = ic_time_format_local (ic_clock_get_now (ic_store_get_clock (self->store)),
                             ic_clock_get_now (ic_store_get_clock (self->store)), NULL);
  text = g_string_new (NULL);
  /* Translators: the first half of "Read 2 sources at 12:41:00: 3 changes in the window, 1 new." */
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "Read %u source at %s",
                                             "Read %u sources at %s", sources->len),
                          sources->len, at);
  g_string_append (text, ": ");
  /* Translators: the second half of "Read 2 sources at 12:41:00: 3 changes in the window, 1 new." */
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u change in the window, %u new.",
                                             "%u changes in the window, %u new.", n_read),
                          n_read, n_added);
  for (guint i = 0; i < sources->len; i++)
    {
      const IcChangeSource *source = sources->pdata[i];
      g_autofree char *name = ic_change_source_dup_name (source);

      if (source->failed)
        g_string_append_printf (text, "\n%s: %s", name, source->status);
    }
  return g_string_free (text, FALSE);
}

static void
refresh_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  IcChangeReader *self = user_data;  /* alive: disposal cancels, and the result is dropped */
  g_autoptr(GError) error = NULL;
  guint n_read = 0, n_added = 0;

  if (!ic_change_sources_refresh_finish (IC_STORE (object), result, &n_read, &n_added, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_status (self, g_strdup (error->message), FALSE);
      return;
    }
  set_status (self, describe (self, n_read, n_added), FALSE);
}

static void
ic_change_reader_dispose (GObject *object)
{
  IcChangeReader *self = IC_CHANGE_READER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->incident);
  g_clear_object (&self->session);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ic_change_reader_parent_class)->dispose (object);
}

static void
ic_change_reader_finalize (GObject *object)
{
  IcChangeReader *self = IC_CHANGE_READER (object);

  g_free (self->status);

  G_OBJECT_CLASS (ic_change_reader_parent_class)->finalize (object);
}

static void
ic_change_reader_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  IcChangeReader *self = IC_CHANGE_READER (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_change_reader_class_init (IcChangeReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ic_change_reader_dispose;
  object_class->finalize = ic_change_reader_finalize;
  object_class->get_property = ic_change_reader_get_property;

  /* How the last read went, in words ("" before any). */
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, "",
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* Whether a read is under way. */
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ic_change_reader_init (IcChangeReader *self)
{
  self->status = g_strdup ("");
}

IcChangeReader *
ic_change_reader_new (IcStore *store)
{
  IcChangeReader *self;

  g_return_val_if_fail (IC_IS_STORE (store), NULL);

  self = g_object_new (IC_TYPE_CHANGE_READER, NULL);
  self->store = g_object_ref (store);
  return self;
}

/**
 * ic_change_reader_refresh:
 *
 * Reads the incident's change sources again, cancelling a read under way.
 * A drill, or no incident, reads nothing.
 */
void
ic_change_reader_refresh (IcChangeReader *self)
{
  g_return_if_fail (IC_IS_CHANGE_READER (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->incident == NULL || ic_incident_get_drill (self->incident))
    {
      set_status (self, g_strdup (""), FALSE);
      return;
    }
  if (self->session == NULL)
    self->session = ic_http_session_new (20);
  self->cancellable = g_cancellable_new ();
  set_status (self, g_strdup (_("Reading the change sources…")), TRUE);
  ic_change_sources_refresh_async (self->store, self->incident, self->session, self->cancellable,
                                   refresh_done_cb, self);
}

/**
 * ic_change_reader_set_incident:
 *
 * Follows @incident: its change sources are read at once.
 */
void
ic_change_reader_set_incident (IcChangeReader *self,
                               IcIncident     *incident)
{
  g_return_if_fail (IC_IS_CHANGE_READER (self));

  if (!g_set_object (&self->incident, incident))
    return;
  ic_change_reader_refresh (self);
}

const char *
ic_change_reader_get_status (IcChangeReader *self)
{
  g_return_val_if_fail (IC_IS_CHANGE_READER (self), NULL);
  return self->status;
}

gboolean
ic_change_reader_get_busy (IcChangeReader *self)
{
  g_return_val_if_fail (IC_IS_CHANGE_READER (self), FALSE);
  return self->busy;
}
