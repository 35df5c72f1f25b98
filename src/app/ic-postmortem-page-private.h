/* ic-postmortem-page-private.h — shared by the postmortem page's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ic-postmortem-page.h"
#include "ic-postmortem.h"
#include "ic-section-editor.h"

G_BEGIN_DECLS

struct _IcPostmortemPage
{
  GtkWidget parent_instance;

  /* Owned */
  IcStore              *store;
  IcIncident           *incident;
  GListModel           *whys;        /* the store's live list of IcWhy, shown */
  GListModel           *items;       /* the store's live list of IcActionItem, shown */
  char                 *suggestion;
  char                 *error;
  GtkFileChooserNative *chooser;
  GCancellable         *cancellable;
  guint                 export_pending;
  gboolean              loading;     /* filling the sections: do not save */

  /* Children (borrowed) */
  /* Template widgets */
  GtkWidget            *stack;
  GtkWidget            *error_label;
  IcSectionEditor      *editors[IC_POSTMORTEM_N_SECTIONS];
  GtkTextBuffer        *buffers[IC_POSTMORTEM_N_SECTIONS];  /* the editors' */
  GtkWidget            *timeline_label;
  GtkWidget            *hypotheses_label;
  GtkListBox           *whys_list;   /* of IcWhyRow */
  GtkListBox           *items_list;  /* of IcActionItemRow */
  GtkWidget            *no_items_label;
  GtkWidget            *suggestion_group;
  GtkWidget            *suggestion_row;
  GtkWidget            *new_item_row;
  GtkWidget            *new_owner_row;
  GtkWidget            *new_due_row;
  GtkWidget            *new_kind_row;
};

void        _ic_postmortem_page_show_error      (IcPostmortemPage  *self,
                                                 const GError      *error);
void        _ic_postmortem_page_update_suggestion (IcPostmortemPage *self);

void        _ic_postmortem_page_bind_lists      (IcPostmortemPage  *self);
void        _ic_postmortem_page_unbind_lists    (IcPostmortemPage  *self);
void        _ic_postmortem_page_install_list_actions (GtkWidgetClass *widget_class);
gboolean    _ic_postmortem_page_add_item        (IcPostmortemPage  *self,
                                                 const char        *text,
                                                 const char        *owner,
                                                 const char        *due,
                                                 IcActionItemKind   kind);

G_END_DECLS
