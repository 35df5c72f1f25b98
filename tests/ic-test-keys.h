/* ic-test-keys.h — a keyboard for UI tests: key presses sent through the X
 * server (XTEST), so that GTK gets real key events and handles them as it
 * handles a person's: focus, Enter and Tab, mnemonics, shortcuts
 *
 * The tests run on Xvfb with no window manager, so the test window is
 * given the X input focus itself. Only the characters of the server's
 * keymap can be typed (ASCII is).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk/x11/gdkx.h>
#include <gtk/gtk.h>
#include <X11/XKBlib.h>
#include <X11/extensions/XTest.h>

#include "ic-test-widget.h"

static Display *
ic_test_keys_display (void)
{
  GdkDisplay *display = gdk_display_get_default ();

  g_assert_true (GDK_IS_X11_DISPLAY (display));
  return gdk_x11_display_get_xdisplay (display);
}

/* When the main loop last had something to do (monotonic µs), as
 * run_until_quiet() saw it: what a benchmark takes as the end of the
 * work a key set off. */
static gint64 ic_test_keys_last_busy;

/* How long run_until_quiet() has slept with nothing to do, in all (µs):
 * what a benchmark takes as a key's frame waiting with the main loop idle
 * (to the millisecond it sleeps at a time). */
static gint64 ic_test_keys_idle_us;

/* Runs the main loop until it has had nothing to do for 10 ms (or for
 * 250 ms at the most: a blinking cursor or an animation never leaves it
 * idle for long; more where everything runs slower, ic_test_scaled_ms(),
 * so that a key is handled before the test looks). Returns whether it
 * did anything. */
static gboolean
run_until_quiet (void)
{
  gint64 start = g_get_monotonic_time ();
  gint64 quiet_since = start;
  gint64 longest = (gint64) ic_test_scaled_ms (250) * 1000;
  gboolean dispatched = FALSE;

  while (g_get_monotonic_time () - quiet_since < 10000
         && g_get_monotonic_time () - start < longest)
    {
      if (g_main_context_iteration (NULL, FALSE))
        {
          quiet_since = g_get_monotonic_time ();
          dispatched = TRUE;
        }
      else
        {
          gint64 before = g_get_monotonic_time ();

          g_usleep (1000);
          ic_test_keys_idle_us += g_get_monotonic_time () - before;
        }
    }
  ic_test_keys_last_busy = quiet_since;
  return dispatched;
}

/* Lets GTK read and handle every event the server has sent so far, and
 * what they set off at once. What takes a round trip more (a list closing
 * and giving the focus back) is waited for by the caller. */
static void
ic_test_keys_settle (void)
{
  XSync (ic_test_keys_display (), False);
  run_until_quiet ();
}

static gboolean
is_active_on_monitor (gpointer data)
{
  GtkWindow *window = data;
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  /* A list or menu opened before the window knows its monitor cannot be
   * placed. */
  return gtk_window_is_active (window) && gdk_surface_get_mapped (surface)
         && gdk_display_get_monitor_at_surface (gdk_surface_get_display (surface), surface)
              != NULL;
}

/* Gives @window the keyboard, as a window manager would on a click, and
 * waits until GTK knows it has it. */
static G_GNUC_UNUSED void
ic_test_keys_focus (GtkWindow *window)
{
  GdkSurface *surface;

  gtk_window_present (window);
  spin ();
  surface = gtk_native_get_surface (GTK_NATIVE (window));
  XSetInputFocus (ic_test_keys_display (), gdk_x11_surface_get_xid (surface), RevertToParent,
                  CurrentTime);
  wait_for (is_active_on_monitor, window, "the window to have the keyboard");
  ic_test_keys_settle ();
}

static void
send_keycode (KeyCode  keycode,
              gboolean press)
{
  g_assert_cmpuint (keycode, !=, 0);
  XTestFakeKeyEvent (ic_test_keys_display (), keycode, press, CurrentTime);
}

/* How many keys ic_test_key() has pressed: the keystrokes beyond the
 * typed text. */
static guint ic_test_keys_pressed;

static KeyCode
keycode_of (guint keyval)
{
  return XKeysymToKeycode (ic_test_keys_display (), keyval);
}

/* One press and release of @keyval with @modifiers held (Control, Shift,
 * Alt), then GTK has handled it. */
static G_GNUC_UNUSED void
ic_test_key (guint           keyval,
             GdkModifierType modifiers)
{
  const struct { GdkModifierType mask; guint keyval; } held[] = {
    { GDK_CONTROL_MASK, GDK_KEY_Control_L },
    { GDK_SHIFT_MASK, GDK_KEY_Shift_L },
    { GDK_ALT_MASK, GDK_KEY_Alt_L },
  };

  ic_test_keys_pressed++;
  for (guint i = 0; i < G_N_ELEMENTS (held); i++)
    if (modifiers & held[i].mask)
      send_keycode (keycode_of (held[i].keyval), TRUE);
  send_keycode (keycode_of (keyval), TRUE);
  send_keycode (keycode_of (keyval), FALSE);
  for (guint i = G_N_ELEMENTS (held); i > 0; i--)
    if (modifiers & held[i - 1].mask)
      send_keycode (keycode_of (held[i - 1].keyval), FALSE);
  ic_test_keys_settle ();
}

/* Types @text (ASCII), a key for each character, Shift where the keymap
 * wants it. */
static G_GNUC_UNUSED void
ic_test_type (const char *text)
{
  Display *display = ic_test_keys_display ();

  for (const char *c = text; *c != '\0'; c++)
    {
      guint keyval = gdk_unicode_to_keyval ((guint32) (guchar) *c);
      KeyCode keycode = keycode_of (keyval);
      gboolean shift;

      g_assert_true (g_ascii_isprint (*c));
      g_assert_cmpuint (keycode, !=, 0);
      shift = XkbKeycodeToKeysym (display, keycode, 0, 0) != keyval;
      if (shift)
        send_keycode (keycode_of (GDK_KEY_Shift_L), TRUE);
      send_keycode (keycode, TRUE);
      send_keycode (keycode, FALSE);
      if (shift)
        send_keycode (keycode_of (GDK_KEY_Shift_L), FALSE);
    }
  ic_test_keys_settle ();
}

/* Whether the keyboard focus of @window is @widget or inside it. */
static G_GNUC_UNUSED gboolean
ic_test_has_focus (GtkWindow *window,
                   GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

typedef struct
{
  GtkWindow *window;
  gboolean   inside;
} PopoverWait;

static gboolean
focus_in_popover_is (gpointer data)
{
  PopoverWait *wait = data;
  GtkWidget *focus;

  XSync (ic_test_keys_display (), False);
  focus = gtk_root_get_focus (GTK_ROOT (wait->window));
  return (focus != NULL && gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) != NULL)
         == wait->inside;
}

/* On a list row (an AdwComboRow) of @window: opens its list with Enter,
 * goes @downs items down, chooses with Enter, and waits until the list has
 * closed and the focus has come back to the window. */
static G_GNUC_UNUSED void
ic_test_choose_from_list (GtkWindow *window,
                          guint      downs)
{
  PopoverWait wait = { window, TRUE };

  ic_test_key (GDK_KEY_Return, 0);
  wait_for (focus_in_popover_is, &wait, "the list to open");
  for (guint i = 0; i < downs; i++)
    ic_test_key (GDK_KEY_Down, 0);
  ic_test_key (GDK_KEY_Return, 0);
  wait.inside = FALSE;
  wait_for (focus_in_popover_is, &wait, "the list to close");
  run_until_quiet ();
}
