/* ic-module-loader.c — finding and opening the program's own modules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ic-module-loader"

#include "config.h"

#include <gmodule.h>

#include "ic-module-loader.h"

/**
 * ic_module_path:
 * @file_name: the module's file name ("libic-git.so")
 *
 * Where the module is: in $IC_MODULE_DIR when it is set (the tests), else
 * beside the executable when it is there (a build tree: src/ holds both),
 * else in the installed module folder.
 *
 * Returns: (transfer full): the path to open
 */
char *
ic_module_path (const char *file_name)
{
  const char *dir = g_getenv ("IC_MODULE_DIR");
  g_autofree char *exe = NULL;

  g_return_val_if_fail (file_name != NULL, NULL);

  if (dir != NULL && *dir != '\0')
    return g_build_filename (dir, file_name, NULL);
  exe = g_file_read_link ("/proc/self/exe", NULL);
  if (exe != NULL)
    {
      g_autofree char *exe_dir = g_path_get_dirname (exe);
      g_autofree char *beside = g_build_filename (exe_dir, file_name, NULL);

      if (g_file_test (beside, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&beside);
    }
  return g_build_filename (MODULEDIR, file_name, NULL);
}

/**
 * ic_module_open:
 * @file_name: the module's file name
 * @entry: the symbol to look up in it
 * @path: (out) (optional): where the module was looked for
 * @failure: (out) (optional) (nullable): why it could not be used, or %NULL
 *
 * Opens the module at ic_module_path(), with its symbols and those of the
 * libraries it pulls in kept local (out of the scope every later library
 * load searches), and keeps it loaded for the life of the process (its
 * types cannot be unregistered). Each call opens it again: callers open
 * it once (g_once_init_enter()).
 *
 * Returns: (nullable): @entry, or %NULL with @failure set
 */
gpointer
ic_module_open (const char  *file_name,
                const char  *entry,
                char       **path,
                char       **failure)
{
  g_autofree char *where = ic_module_path (file_name);
  GModule *module = g_module_open (where, G_MODULE_BIND_LOCAL);
  gpointer symbol = NULL;
  g_autofree char *why = NULL;

  if (module == NULL)
    why = g_strdup (g_module_error ());
  else if (!g_module_symbol (module, entry, &symbol) || symbol == NULL)
    {
      why = g_strdup (g_module_error ());
      symbol = NULL;
      g_module_close (module);
    }
  else
    g_module_make_resident (module);
  if (why != NULL)
    g_message ("Cannot load %s: %s", where, why);
  if (path != NULL)
    *path = g_steal_pointer (&where);
  if (failure != NULL)
    *failure = g_steal_pointer (&why);
  return symbol;
}

/**
 * ic_module_get_table:
 * @file_name: the module's file name
 * @entry: its entry: a function of no arguments that returns the module's
 *   table of functions, whose first member is the table's size
 * @size: the size of the table this program was built with
 * @failure: (out) (optional) (nullable): why it could not be used, or %NULL
 *
 * Opens the module (ic_module_open()) and returns its table, unless the
 * table is of another size: a module left from another build of the app
 * is not called through a table of another shape.
 *
 * Returns: (nullable): the module's table, or %NULL with @failure set
 */
gconstpointer
ic_module_get_table (const char  *file_name,
                     const char  *entry,
                     gsize        size,
                     char       **failure)
{
  gconstpointer (*get) (void);
  gconstpointer table;
  char *why = NULL;

  get = ic_module_open (file_name, entry, NULL, &why);
  table = get != NULL ? get () : NULL;
  if (table != NULL && *(const gsize *) table != size)
    {
      why = g_strdup_printf ("%s is from another version of the app", file_name);
      g_message ("%s: not used", why);
      table = NULL;
    }
  if (failure != NULL)
    *failure = why;
  else
    g_free (why);
  return table;
}

/**
 * ic_module_once_get:
 * @once: the module, from IC_MODULE_ONCE_INIT()
 *
 * ic_module_get_table() the first time, from any thread; the same answer
 * every time after. Why it failed stays in @once->failure.
 *
 * Returns: (nullable): the module's table, or %NULL
 */
gconstpointer
ic_module_once_get (IcModuleOnce *once)
{
  if (g_once_init_enter (&once->loaded))
    {
      once->table = ic_module_get_table (once->file_name, once->entry, once->size,
                                         &once->failure);
      g_once_init_leave (&once->loaded, 1);
    }
  return once->table;
}
