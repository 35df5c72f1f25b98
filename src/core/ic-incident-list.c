/* ic-incident-list.c — a lazily filled list of the store's incidents
 *
 * The list holds, for each incident, only its id and what it is sorted by
 * (IcListEntry); the IcIncident objects are asked of the store when
 * get_item() wants them, which builds them a page at a time and keeps them
 * in its cache, so that an incident is the same object in every list. The
 * store keeps its own list in step with its edits (insert, remove, update,
 * replace), each with the right items-changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-incident-list"

#include "config.h"

#include "ic-incident-list-private.h"

struct _IcIncidentList
{
  GObject parent_instance;

  /* Owned: IcListEntry, in list order */
  GArray  *entries;
  gboolean shared;    /* entries is also a search's: copied before it changes */

  /* Owned when owns_store (a search's results), else borrowed (weak) */
  IcStore *store;
  gboolean owns_store;

  gboolean complete;  /* no more items will come from a search under way */
};

enum {
  PROP_0,
  PROP_COMPLETE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void ic_incident_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (IcIncidentList, ic_incident_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      ic_incident_list_model_init))

/* Open incidents first, then the newest, then the highest id: the order
 * the store has always shown. */
int
_ic_list_entry_compare (const IcListEntry *a,
                        const IcListEntry *b)
{
  if (a->open != b->open)
    return a->open ? -1 : 1;
  if (a->created_at != b->created_at)
    return a->created_at > b->created_at ? -1 : 1;
  return a->id > b->id ? -1 : (a->id < b->id ? 1 : 0);
}

/* The first position whose entry sorts after @entry. */
static guint
find_sorted_position (IcIncidentList    *self,
                      const IcListEntry *entry)
{
  guint lo = 0, hi = self->entries->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (_ic_list_entry_compare (&g_array_index (self->entries, IcListEntry, mid), entry) <= 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static GType
ic_incident_list_get_item_type (GListModel *model)
{
  return IC_TYPE_INCIDENT;
}

static guint
ic_incident_list_get_n_items (GListModel *model)
{
  return IC_INCIDENT_LIST (model)->entries->len;
}

static gpointer
ic_incident_list_get_item (GListModel *model,
                           guint       position)
{
  IcIncidentList *self = IC_INCIDENT_LIST (model);

  if (position >= self->entries->len || self->store == NULL)
    return NULL;
  return _ic_store_get_list_item (self->store, self, position);
}

static void
ic_incident_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ic_incident_list_get_item_type;
  iface->get_n_items = ic_incident_list_get_n_items;
  iface->get_item = ic_incident_list_get_item;
}

static void
ic_incident_list_dispose (GObject *object)
{
  IcIncidentList *self = IC_INCIDENT_LIST (object);

  if (self->owns_store)
    g_clear_object (&self->store);
  else
    g_clear_weak_pointer (&self->store);

  G_OBJECT_CLASS (ic_incident_list_parent_class)->dispose (object);
}

static void
ic_incident_list_finalize (GObject *object)
{
  IcIncidentList *self = IC_INCIDENT_LIST (object);

  g_clear_pointer (&self->entries, g_array_unref);

  G_OBJECT_CLASS (ic_incident_list_parent_class)->finalize (object);
}

static void
ic_incident_list_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  IcIncidentList *self = IC_INCIDENT_LIST (object);

  switch (prop_id)
    {
    case PROP_COMPLETE:
      g_value_set_boolean (value, self->complete);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ic_incident_list_class_init (IcIncidentListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ic_incident_list_dispose;
  object_class->finalize = ic_incident_list_finalize;
  object_class->get_property = ic_incident_list_get_property;

  /**
   * IcIncidentList:complete:
   *
   * %FALSE while a search is still adding its results (in list order, with
   * items-changed), or while the store reads the rest of its own list in
   * pages (%IC_STORE_OPEN_LIST_IN_PAGES); %TRUE for every other list.
   */
  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ic_incident_list_init (IcIncidentList *self)
{
  self->entries = g_array_new (FALSE, FALSE, sizeof (IcListEntry));
  self->complete = TRUE;
}

/* Private API (the store) ------------------------------------------------- */

/**
 * _ic_incident_list_new:
 * @store: where the items come from
 * @owns_store: whether the list keeps @store alive (a search's results do;
 *   the store's own list does not, it is owned by the store)
 * @entries: (transfer full) (nullable): #IcListEntry in list order
 *
 * Returns: (transfer full): a new list
 */
IcIncidentList *
_ic_incident_list_new (IcStore  *store,
                       gboolean  owns_store,
                       GArray   *entries)
{
  IcIncidentList *self = g_object_new (IC_TYPE_INCIDENT_LIST, NULL);

  self->owns_store = owns_store;
  if (owns_store)
    self->store = g_object_ref (store);
  else
    g_set_weak_pointer (&self->store, store);
  if (entries != NULL)
    {
      g_array_unref (self->entries);
      self->entries = entries;
    }
  return self;
}

const IcListEntry *
_ic_incident_list_get_entries (IcIncidentList *self,
                               guint          *n_entries)
{
  *n_entries = self->entries->len;
  return (const IcListEntry *) (gpointer) self->entries->data;
}

/**
 * _ic_incident_list_share_entries:
 *
 * The list's keys as they are now, for a search in another thread: the
 * list copies them before its next change, so that they stay as they are.
 * (Copying them here cost the main thread ~1 ms per search at 100,000
 * incidents, most of it page faults; most searches see no change to the
 * list.)
 *
 * Returns: (transfer full): #IcListEntry in list order; not to be changed
 */
GArray *
_ic_incident_list_share_entries (IcIncidentList *self)
{
  self->shared = TRUE;
  return g_array_ref (self->entries);
}

/* Before a change of entries in place. */
static void
own_entries (IcIncidentList *self)
{
  GArray *copy;

  if (!self->shared)
    return;
  copy = g_array_sized_new (FALSE, FALSE, sizeof (IcListEntry), self->entries->len);
  g_array_append_vals (copy, self->entries->data, self->entries->len);
  g_array_unref (self->entries);
  self->entries = copy;
  self->shared = FALSE;
}

/* For a list whose store is being finalised: it builds no more items. */
void
_ic_incident_list_forget_store (IcIncidentList *self)
{
  if (self->owns_store)
    g_clear_object (&self->store);
  else
    g_clear_weak_pointer (&self->store);
}

void
_ic_incident_list_insert_sorted (IcIncidentList    *self,
                                 const IcListEntry *entry)
{
  guint position = find_sorted_position (self, entry);

  own_entries (self);
  g_array_insert_val (self->entries, position, *entry);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
}

/* Returns whether @id was in the list. */
gboolean
_ic_incident_list_remove (IcIncidentList *self,
                          gint64          id)
{
  guint position;

  if (!ic_incident_list_find (self, id, &position))
    return FALSE;
  own_entries (self);
  g_array_remove_index (self->entries, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  return TRUE;
}

/* The incident @entry->id was edited: its sort keys are updated and, if it
 * is no longer in order, it moves (a removal, then an insertion). */
void
_ic_incident_list_update (IcIncidentList    *self,
                          const IcListEntry *entry)
{
  guint position, n = self->entries->len;
  IcListEntry *at;

  if (!ic_incident_list_find (self, entry->id, &position))
    return;
  own_entries (self);
  at = &g_array_index (self->entries, IcListEntry, position);
  *at = *entry;
  if ((position == 0 || _ic_list_entry_compare (at - 1, at) <= 0)
      && (position + 1 >= n || _ic_list_entry_compare (at, at + 1) <= 0))
    return;
  g_array_remove_index (self->entries, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  _ic_incident_list_insert_sorted (self, entry);
}

/* Takes @entries (transfer full) as the new contents, saying what changed
 * as one span: everything between the unchanged start and the unchanged
 * end. */
void
_ic_incident_list_replace (IcIncidentList *self,
                           GArray         *entries)
{
  g_autoptr(GArray) old = self->entries;
  guint n_old = old->len, n_new = entries->len, prefix = 0, suffix = 0;

  while (prefix < n_old && prefix < n_new
         && g_array_index (old, IcListEntry, prefix).id
            == g_array_index (entries, IcListEntry, prefix).id)
    prefix++;
  while (suffix < n_old - prefix && suffix < n_new - prefix
         && g_array_index (old, IcListEntry, n_old - 1 - suffix).id
            == g_array_index (entries, IcListEntry, n_new - 1 - suffix).id)
    suffix++;
  self->entries = entries;
  self->shared = FALSE;
  if (prefix + suffix < n_old || prefix + suffix < n_new)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix, n_old - prefix - suffix,
                                n_new - prefix - suffix);
}

/* Adds @entries (sorted, none of them in the list yet) at their places, as
 * one span from the first place that changes to the end. */
void
_ic_incident_list_merge (IcIncidentList *self,
                         GArray         *entries)
{
  g_autoptr(GArray) old = self->entries;
  guint n_old = old->len, n_new = entries->len, i = 0, j = 0, k = 0, first;
  const IcListEntry *a = (const IcListEntry *) (gpointer) old->data;
  const IcListEntry *b = (const IcListEntry *) (gpointer) entries->data;
  IcListEntry *out;
  GArray *merged;

  if (n_new == 0)
    {
      self->entries = g_steal_pointer (&old);
      return;
    }
  /* All after the last one (the store's pages, a search's batches):
   * appended, without copying what is there. */
  if (n_old == 0 || _ic_list_entry_compare (&b[0], &a[n_old - 1]) > 0)
    {
      self->entries = g_steal_pointer (&old);
      own_entries (self);
      g_array_append_vals (self->entries, entries->data, n_new);
      g_list_model_items_changed (G_LIST_MODEL (self), n_old, 0, n_new);
      return;
    }
  merged = g_array_sized_new (FALSE, FALSE, sizeof (IcListEntry), n_old + n_new);
  g_array_set_size (merged, n_old + n_new);
  out = (IcListEntry *) (gpointer) merged->data;
  /* What comes before the first new entry stays where it is. */
  while (i < n_old && _ic_list_entry_compare (&b[0], &a[i]) >= 0)
    out[k++] = a[i++];
  first = k;
  while (i < n_old && j < n_new)
    out[k++] = _ic_list_entry_compare (&b[j], &a[i]) < 0 ? b[j++] : a[i++];
  while (i < n_old)
    out[k++] = a[i++];
  while (j < n_new)
    out[k++] = b[j++];
  self->entries = merged;
  self->shared = FALSE;
  g_list_model_items_changed (G_LIST_MODEL (self), first, n_old - first, merged->len - first);
}

void
_ic_incident_list_set_complete (IcIncidentList *self,
                                gboolean        complete)
{
  if (self->complete == complete)
    return;
  self->complete = complete;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
}

/* Public API -------------------------------------------------------------- */

/**
 * ic_incident_list_get_complete:
 *
 * Returns: %FALSE while a search still adds results to the list, or the
 *   store the pages of its own list
 */
gboolean
ic_incident_list_get_complete (IcIncidentList *self)
{
  g_return_val_if_fail (IC_IS_INCIDENT_LIST (self), TRUE);
  return self->complete;
}

/**
 * ic_incident_list_get_id:
 *
 * The id of the incident at @position, without building it.
 *
 * Returns: the id, or 0 past the end
 */
gint64
ic_incident_list_get_id (IcIncidentList *self,
                         guint           position)
{
  g_return_val_if_fail (IC_IS_INCIDENT_LIST (self), 0);

  if (position >= self->entries->len)
    return 0;
  return g_array_index (self->entries, IcListEntry, position).id;
}

/**
 * ic_incident_list_find:
 * @position: (out) (optional): where the incident is
 *
 * Finds the incident with @id without building any item.
 *
 * Returns: whether the list holds it
 */
gboolean
ic_incident_list_find (IcIncidentList *self,
                       gint64          id,
                       guint          *position)
{
  g_return_val_if_fail (IC_IS_INCIDENT_LIST (self), FALSE);

  for (guint i = 0; i < self->entries->len; i++)
    {
      if (g_array_index (self->entries, IcListEntry, i).id == id)
        {
          if (position != NULL)
            *position = i;
          return TRUE;
        }
    }
  return FALSE;
}
