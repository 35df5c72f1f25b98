/* ic-steps-box.c — a box whose content can be laid out while out of reach
 *
 * The breathing pause lies over the structure step and the decision tree
 * (ic-incident-view.c). While it lasts they are laid out beneath it, so
 * that Escape only has them drawn, but they must be out of reach: no
 * focus, no pointer, none of their mnemonics, not drawn, and hidden from
 * assistive technologies.
 *
 * Making them insensitive did all of that, but at a cost paid in Escape's
 * frame: every widget of the steps changed state twice, into :disabled and
 * back out, and GTK restyled, measured and drew each one again (#14). An
 * IcStepsBox out of reach keeps its content's state as it is instead:
 * - focus: "can-focus" is off, so neither Tab nor a click moves the
 *   keyboard into it;
 * - pointer: "can-target" is off, so nothing in it is picked;
 * - drawing: opacity 0, for which GTK makes no render node. First, though,
 *   one frame draws the box at the least opacity GTK keeps (1/255, one
 *   level of a colour at the most, beneath the pause): GTK makes the render
 *   nodes of what it holds, and keeps them while the box is not drawn, so
 *   the frame that gives it back draws them without making them again.
 *   Drawn at 1/255 all along, the box took 3 to 4 ms of CPU time off
 *   Escape's paint, but was drawn again under each frame of the breathing
 *   guide (the pause's CPU 2.1–2.5 → 3.6–4.0 %);
 * - assistive technologies: the box is hidden, with all it holds;
 * - mnemonics: a label's mnemonic is a shortcut controller of managed
 *   scope, which registers with the nearest GtkShortcutManager above it,
 *   normally the window, where it answers Alt wherever the focus is. This
 *   box is a GtkShortcutManager: what registers with it is passed on to
 *   the manager above while it is reachable, and kept back while it is
 *   not (also a label added out of reach, as a change row read during the
 *   pause). So Alt+D does not end the structure step from beneath the
 *   pause, and the window's mnemonics are exactly as they were otherwise.
 * Actions that go into the steps (F6, Alt+1) leave the pause first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ic-steps-box.h"

struct _IcStepsBox
{
  GtkBox     parent_instance;

  GPtrArray *controllers;   /* GtkShortcutController, registered with this box */
  gboolean   unreachable;   /* then none of them is passed on */
  guint      faint_tick_id; /* while drawn once at 1/255 */
  gboolean   faint_drawn;   /* that frame has come */
};

/* The least opacity GTK keeps a widget's render node for: it stores it in
 * 8 bits, and makes no node at 0. */
#define FAINT_OPACITY (1.0 / 255.0)

static void ic_steps_box_shortcut_manager_init (GtkShortcutManagerInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (IcStepsBox, ic_steps_box, GTK_TYPE_BOX,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SHORTCUT_MANAGER,
                                                      ic_steps_box_shortcut_manager_init))

/* The GtkShortcutManager a managed controller of this box would have
 * registered with without it: the nearest above. */
static GtkShortcutManager *
manager_above (IcStepsBox *self)
{
  GtkWidget *widget = gtk_widget_get_parent (GTK_WIDGET (self));

  while (widget != NULL && !GTK_IS_SHORTCUT_MANAGER (widget))
    widget = gtk_widget_get_parent (widget);
  return widget != NULL ? GTK_SHORTCUT_MANAGER (widget) : NULL;
}

static void
pass_on (IcStepsBox            *self,
         GtkShortcutController *controller,
         gboolean               add)
{
  GtkShortcutManager *manager = manager_above (self);
  GtkShortcutManagerInterface *iface;

  if (manager == NULL)
    return;
  iface = GTK_SHORTCUT_MANAGER_GET_IFACE (manager);
  if (add)
    iface->add_controller (manager, controller);
  else
    iface->remove_controller (manager, controller);
}

static void
ic_steps_box_add_controller (GtkShortcutManager    *manager,
                             GtkShortcutController *controller)
{
  IcStepsBox *self = IC_STEPS_BOX (manager);

  g_ptr_array_add (self->controllers, g_object_ref (controller));
  if (!self->unreachable)
    pass_on (self, controller, TRUE);
}

static void
ic_steps_box_remove_controller (GtkShortcutManager    *manager,
                                GtkShortcutController *controller)
{
  IcStepsBox *self = IC_STEPS_BOX (manager);
  guint index;

  if (!g_ptr_array_find (self->controllers, controller, &index))
    return;
  if (!self->unreachable)
    pass_on (self, controller, FALSE);
  g_ptr_array_remove_index (self->controllers, index);
}

static void
ic_steps_box_shortcut_manager_init (GtkShortcutManagerInterface *iface)
{
  iface->add_controller = ic_steps_box_add_controller;
  iface->remove_controller = ic_steps_box_remove_controller;
}

static void
stop_faint (IcStepsBox *self)
{
  if (self->faint_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->faint_tick_id);
  self->faint_tick_id = 0;
}

/* Ticks come in the frames the box is shown in, before their drawing: the
 * first is the frame that draws it faintly, the second the next one, which
 * no longer draws it. */
static gboolean
faint_tick_cb (GtkWidget     *widget,
               GdkFrameClock *frame_clock,
               gpointer       user_data)
{
  IcStepsBox *self = IC_STEPS_BOX (widget);

  if (!self->faint_drawn)
    {
      self->faint_drawn = TRUE;
      return G_SOURCE_CONTINUE;
    }
  self->faint_tick_id = 0;
  gtk_widget_set_opacity (widget, 0.0);
  return G_SOURCE_REMOVE;
}

static void
ic_steps_box_dispose (GObject *object)
{
  IcStepsBox *self = IC_STEPS_BOX (object);

  stop_faint (self);
  /* Unrooted by now, each controller has been removed. */
  if (self->controllers != NULL)
    g_ptr_array_set_size (self->controllers, 0);
  G_OBJECT_CLASS (ic_steps_box_parent_class)->dispose (object);
}

static void
ic_steps_box_finalize (GObject *object)
{
  IcStepsBox *self = IC_STEPS_BOX (object);

  g_ptr_array_unref (self->controllers);
  G_OBJECT_CLASS (ic_steps_box_parent_class)->finalize (object);
}

static void
ic_steps_box_class_init (IcStepsBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ic_steps_box_dispose;
  object_class->finalize = ic_steps_box_finalize;
}

static void
ic_steps_box_init (IcStepsBox *self)
{
  self->controllers = g_ptr_array_new_with_free_func (g_object_unref);
}

GtkWidget *
ic_steps_box_new (void)
{
  return g_object_new (IC_TYPE_STEPS_BOX, NULL);
}

/**
 * ic_steps_box_set_reachable:
 * @reachable: %FALSE to keep the box's content laid out but out of reach
 *   and unseen, %TRUE to give it back
 *
 * See the top of this file for what out of reach means.
 */
void
ic_steps_box_set_reachable (IcStepsBox *self,
                            gboolean    reachable)
{
  GtkWidget *widget = GTK_WIDGET (self);

  g_return_if_fail (IC_IS_STEPS_BOX (self));

  reachable = !!reachable;
  if (self->unreachable != reachable)
    return;
  self->unreachable = !reachable;
  gtk_widget_set_can_focus (widget, reachable);
  gtk_widget_set_can_target (widget, reachable);
  stop_faint (self);
  gtk_widget_set_opacity (widget, reachable ? 1.0 : FAINT_OPACITY);
  if (!reachable)
    {
      self->faint_drawn = FALSE;
      self->faint_tick_id = gtk_widget_add_tick_callback (widget, faint_tick_cb, NULL, NULL);
    }
  gtk_accessible_update_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_HIDDEN, !reachable,
                               -1);
  for (guint i = 0; i < self->controllers->len; i++)
    pass_on (self, g_ptr_array_index (self->controllers, i), reachable);
}

gboolean
ic_steps_box_get_reachable (IcStepsBox *self)
{
  g_return_val_if_fail (IC_IS_STEPS_BOX (self), FALSE);
  return !self->unreachable;
}
