/* ic-test-notifications.h — a desktop notification server on the test's
 * session bus: org.freedesktop.Notifications, the interface GLib's
 * notification backend speaks outside GNOME Shell and the Flatpak portal;
 * it keeps the parameters of every Notify it is sent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

static const char ic_test_notifications_xml[] =
  "<node><interface name='org.freedesktop.Notifications'>"
  "<method name='Notify'><arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "<arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "<arg type='as' direction='in'/><arg type='a{sv}' direction='in'/>"
  "<arg type='i' direction='in'/><arg type='u' direction='out'/></method>"
  "<method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "<method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "<method name='GetServerInformation'><arg type='s' direction='out'/>"
  "<arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "<arg type='s' direction='out'/></method>"
  "<signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "<signal name='NotificationClosed'><arg type='u'/><arg type='u'/></signal>"
  "</interface></node>";

/* (element-type GVariant): each Notify's parameters, (susssasa{sv}i). */
static GPtrArray *ic_test_notifications;
/* Kept: the name goes with the connection. */
static GDBusConnection *ic_test_notifications_bus;

static void
ic_test_notifications_method_cb (GDBusConnection       *connection,
                                 const char            *sender,
                                 const char            *path,
                                 const char            *interface,
                                 const char            *method,
                                 GVariant              *parameters,
                                 GDBusMethodInvocation *invocation,
                                 gpointer               user_data)
{
  if (g_str_equal (method, "Notify"))
    {
      g_ptr_array_add (ic_test_notifications, g_variant_ref (parameters));
      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(u)", ic_test_notifications->len));
    }
  else if (g_str_equal (method, "GetCapabilities"))
    {
      const char *caps[] = { "actions", "body", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else if (g_str_equal (method, "GetServerInformation"))
    g_dbus_method_invocation_return_value (invocation,
                                           g_variant_new ("(ssss)", "test", "test", "1", "1.2"));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

/* Owns org.freedesktop.Notifications on the session bus, once. */
static G_GNUC_UNUSED void
ic_test_notifications_start (void)
{
  static const GDBusInterfaceVTable vtable = { ic_test_notifications_method_cb, NULL, NULL,
                                               { 0 } };
  g_autoptr(GDBusNodeInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  guint32 result = 0;

  if (ic_test_notifications != NULL)
    return;
  ic_test_notifications = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  ic_test_notifications_bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  info = g_dbus_node_info_new_for_xml (ic_test_notifications_xml, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (ic_test_notifications_bus, "/org/freedesktop/Notifications",
                                     info->interfaces[0], &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (ic_test_notifications_bus, "org.freedesktop.DBus",
                                       "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                       "RequestName",
                                       g_variant_new ("(su)", "org.freedesktop.Notifications", 0),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                                       &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u)", &result);
  g_assert_cmpuint (result, ==, 1);  /* DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER */
}

/* The summary of the last notification, or NULL. */
static G_GNUC_UNUSED const char *
ic_test_notifications_last_summary (void)
{
  const char *summary = NULL;

  if (ic_test_notifications == NULL || ic_test_notifications->len == 0)
    return NULL;
  g_variant_get_child (ic_test_notifications->pdata[ic_test_notifications->len - 1], 3, "&s",
                       &summary);
  return summary;
}
