/* ic-test-postmortem-page.h — the postmortem page on a real store file,
 * alone in a plain GtkWindow under Xvfb (win.toast stood in for): the
 * fixture of the page's and its rows' tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ic-postmortem-page.h"
#include "ic-postmortem.h"
#include "ic-test-store-fixture.h"
#include "ic-test-widget.h"

typedef struct
{
  StoreFixture      store;
  GtkWindow        *window;
  IcPostmortemPage *page;
  GPtrArray        *toasts;   /* owned by the window */
} PageFixture;

/* A started postmortem, as the rows' tests want. */
#define IC_TEST_STARTED GINT_TO_POINTER (1)

/* With @data IC_TEST_STARTED the postmortem is started first (its drafts
 * and five whys); with %NULL it is not. */
static G_GNUC_UNUSED void
page_setup (PageFixture   *fx,
            gconstpointer  data)
{
  store_fixture_setup (&fx->store, NULL);
  if (data == IC_TEST_STARTED)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (ic_store_ensure_postmortem (fx->store.store, fx->store.incident, &error));
      g_assert_no_error (error);
    }
  fx->page = g_object_new (IC_TYPE_POSTMORTEM_PAGE, "store", fx->store.store, NULL);
  ic_postmortem_page_set_incident (fx->page, fx->store.incident);
  fx->window = ic_test_window_for (GTK_WIDGET (fx->page), &fx->toasts);
}

static G_GNUC_UNUSED void
page_teardown (PageFixture   *fx,
               gconstpointer  data)
{
  ic_test_window_close (fx->window);
  store_fixture_teardown (&fx->store, NULL);
}
