/* ic-module-loader.h — finding and opening the program's own modules
 *
 * Libraries that only a later feature needs are kept out of the start by
 * putting the code that calls them in a module of the program's own
 * (libic-git.so, libic-markdown-view.so), opened the first time the
 * feature is used.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *ic_module_path (const char  *file_name);
gpointer  ic_module_open (const char  *file_name,
                          const char  *entry,
                          char       **path,
                          char       **failure);

gconstpointer ic_module_get_table (const char  *file_name,
                                   const char  *entry,
                                   gsize        size,
                                   char       **failure);

/* A module whose table is opened once, the first time it is asked for:
 * file, entry and size fixed, the rest filled by ic_module_once_get(). */
typedef struct
{
  const char    *file_name;
  const char    *entry;
  gsize          size;
  gsize          loaded;
  gconstpointer  table;     /* NULL when it could not be used */
  char          *failure;   /* why, then */
} IcModuleOnce;

#define IC_MODULE_ONCE_INIT(file_name, entry, type) { (file_name), (entry), sizeof (type), 0, NULL, NULL }

gconstpointer ic_module_once_get (IcModuleOnce *once);

G_END_DECLS
