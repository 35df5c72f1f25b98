/* ic-probe-node-item.c — one node of a Redis cluster probe's table, as the
 * words its row shows
 *
 * The table (ic-probe-node-table.c) binds its cells to these read-only
 * properties: address, role ("replica of 10.0.0.1:6379", with the
 * cluster's failure flags as it spells them), clients, utilisation,
 * latency, and a status in words with the icon that goes with them (the
 * node's error, "Near its client limit" or "OK": never colour alone).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-probe-node-item"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "ic-probe-node-item.h"

struct _IcProbeNodeItem
{
  GObject  parent_instance;

  char    *address;
  char    *role;
  char    *clients;
  char    *utilisation;
  char    *latency;
  char    *status;
  char    *status_icon;
};

enum {
  PROP_0,
  PROP_ADDRESS,
  PROP_ROLE,
  PROP_CLIENTS,
  PROP_UTILISATION,
  PROP_LATENCY,
  PROP_STATUS,
  PROP_STATUS_ICON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (IcProbeNodeItem, ic_probe_node_item, G_TYPE_OBJECT)

static void
ic_probe_node_item_finalize (GObject *object)
{
  IcProbeNodeItem *self = IC_PROBE_NODE_ITEM (object);

  g_free (self->address);
  g_free (self->role);
  g_free (self->clients);
  g_free (self->utilisation);
  g_free (self->latency);
  g_free (self->status);
  g_free (self->status_icon);
  G_OBJECT_CLASS (ic_probe_node_item_parent_class)->finalize (object);
}

static void
ic_probe_node_item_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  IcProbeNodeItem *self = IC_PROBE_NODE_ITEM (object);
  const char *texts[N_PROPS] = {
    NULL, self->address, self->role, self->clients, self->utilisation, self->latency,
    self->status, self->status_icon,
  };

  if (prop_id > PROP_0 && prop_id < N_PROPS)
    g_value_set_string (value, texts[prop_id]);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ic_probe_node_item_class_init (IcProbeNodeItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const char *names[N_PROPS] = {
    NULL, "address", "role", "clients", "utilisation", "latency", "status", "status-icon",
  };

  object_class->finalize = ic_probe_node_item_finalize;
  object_class->get_property = ic_probe_node_item_get_property;
  for (guint i = PROP_0 + 1; i < N_PROPS; i++)
    properties[i] = g_param_spec_string (names[i], NULL, NULL, NULL,
                                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                           | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ic_probe_node_item_init (IcProbeNodeItem *self)
{
}

/* "primary", "replica of 10.0.0.1:6379", with the cluster's failure flags
 * (",fail") as it spells them. */
static char *
role_text (const IcProbeNode *node)
{
  const char *role = node->role ? node->role : "";
  const char *flags = strchr (role, ',');

  if (g_str_has_prefix (role, "replica") && node->primary != NULL)
    /* Translators: a cluster node's role; %s is its primary's address */
    return g_strdup_printf (_("replica of %s%s"), node->primary, flags ? flags : "");
  if (g_str_has_prefix (role, "replica"))
    return g_strdup_printf ("%s%s", _("replica"), flags ? flags : "");
  if (g_str_has_prefix (role, "primary"))
    return g_strdup_printf ("%s%s", _("primary"), flags ? flags : "");
  return g_strdup (role);
}

static void
set_text (IcProbeNodeItem *self,
          guint            prop_id,
          char           **field,
          char            *text)
{
  if (g_strcmp0 (*field, text) == 0)
    {
      g_free (text);
      return;
    }
  g_free (*field);
  *field = text;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/**
 * ic_probe_node_item_update:
 * @node: what the probe found on the node this time
 *
 * Shows @node's figures in this row; a property whose words change is
 * notified, the others are not.
 */
void
ic_probe_node_item_update (IcProbeNodeItem   *self,
                           const IcProbeNode *node)
{
  const char *status;
  const char *icon;

  g_return_if_fail (IC_IS_PROBE_NODE_ITEM (self));
  g_return_if_fail (node != NULL);

  if (node->has_error)
    {
      status = node->error ? node->error : _("Not checked");
      icon = "dialog-error-symbolic";
    }
  else if (node->near_limit)
    {
      status = _("Near its client limit");
      icon = "dialog-warning-symbolic";
    }
  else
    {
      status = _("OK");
      icon = "emblem-ok-symbolic";
    }
  g_object_freeze_notify (G_OBJECT (self));
  set_text (self, PROP_ADDRESS, &self->address, g_strdup (node->address));
  set_text (self, PROP_ROLE, &self->role, role_text (node));
  set_text (self, PROP_CLIENTS, &self->clients,
            node->connected_clients >= 0
              ? g_strdup_printf ("%" G_GINT64_FORMAT, node->connected_clients)
              : g_strdup ("–"));
  set_text (self, PROP_UTILISATION, &self->utilisation,
            node->has_utilisation ? g_strdup_printf ("%.1f %%", node->utilisation)
                                  : g_strdup ("–"));
  set_text (self, PROP_LATENCY, &self->latency,
            node->latency_us >= 0 ? g_strdup_printf (_("%.1f ms"), node->latency_us / 1000.0)
                                  : g_strdup ("–"));
  set_text (self, PROP_STATUS, &self->status, g_strdup (status));
  set_text (self, PROP_STATUS_ICON, &self->status_icon, g_strdup (icon));
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * ic_probe_node_item_new:
 * @node: what the probe found on the node, copied into words
 *
 * Returns: (transfer full): the node's row
 */
IcProbeNodeItem *
ic_probe_node_item_new (const IcProbeNode *node)
{
  IcProbeNodeItem *self;

  g_return_val_if_fail (node != NULL, NULL);

  self = g_object_new (IC_TYPE_PROBE_NODE_ITEM, NULL);
  ic_probe_node_item_update (self, node);
  return self;
}

#define GETTER(name) \
  const char * \
  ic_probe_node_item_get_##name (IcProbeNodeItem *self) \
  { \
    g_return_val_if_fail (IC_IS_PROBE_NODE_ITEM (self), NULL); \
    return self->name; \
  }

GETTER (address)
GETTER (role)
GETTER (clients)
GETTER (utilisation)
GETTER (latency)
GETTER (status)
GETTER (status_icon)

#undef GETTER
