/* bench-startup-wait.c — how long a program takes to draw its first frame
 *
 *   bench-startup-wait COMMAND [ARG…]
 *
 * Starts COMMAND and prints, on one line, the milliseconds from exec to the
 * first drawing into the first top-level window it maps, as the X server's
 * DAMAGE extension reports it (not the damage the map itself reports), then the program's proportional set
 * size (PSS, KiB) one second later; then ends it. For bench/bench-startup.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <X11/Xlib.h>
#include <X11/extensions/Xdamage.h>

static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static long
pss_kib (pid_t pid)
{
  char path[64], line[256];
  FILE *file;
  long pss = -1;

  snprintf (path, sizeof path, "/proc/%d/smaps_rollup", (int) pid);
  if ((file = fopen (path, "r")) == NULL)
    return -1;
  while (fgets (line, sizeof line, file) != NULL)
    if (sscanf (line, "Pss: %ld kB", &pss) == 1)
      break;
  fclose (file);
  return pss;
}

int
main (int    argc,
      char **argv)
{
  Display *display;
  int damage_event, damage_error;
  double start, drawn = -1;
  pid_t pid;
  Window root;

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s COMMAND [ARG…]\n", argv[0]);
      return 2;
    }
  if ((display = XOpenDisplay (NULL)) == NULL)
    {
      fprintf (stderr, "bench-startup-wait: no X display\n");
      return 1;
    }
  if (!XDamageQueryExtension (display, &damage_event, &damage_error))
    {
      fprintf (stderr, "bench-startup-wait: the X server has no DAMAGE extension\n");
      return 1;
    }
  root = DefaultRootWindow (display);
  /* Every top-level window created and mapped from now on. */
  XSelectInput (display, root, SubstructureNotifyMask);
  XSync (display, False);

  start = now_ms ();
  if ((pid = fork ()) == 0)
    {
      execvp (argv[1], argv + 1);
      _exit (127);
    }
  while (drawn < 0)
    {
      XEvent event;
      int fd = ConnectionNumber (display);
      fd_set fds;
      struct timeval tv = { 30, 0 };

      if (XPending (display) == 0)
        {
          FD_ZERO (&fds);
          FD_SET (fd, &fds);
          if (select (fd + 1, &fds, NULL, NULL, &tv) <= 0)
            break;
          continue;
        }
      XNextEvent (display, &event);
      if (event.type == MapNotify && event.xmap.event == root)
        {
          XEvent stale;
          Damage damage = XDamageCreate (display, event.xmap.window, XDamageReportNonEmpty);

          /* Mapping reports the whole window damaged at once, before the
           * program has drawn anything (GTK lays out and draws in frames
           * that come after the map). That report is dropped: the region
           * is emptied and its event discarded, so the next report is the
           * program's own first frame. */
          XSync (display, False);
          XDamageSubtract (display, damage, None, None);
          XSync (display, False);
          while (XCheckTypedEvent (display, damage_event + XDamageNotify, &stale))
            ;
        }
      else if (event.type == damage_event + XDamageNotify)
        drawn = now_ms () - start;
    }
  if (drawn >= 0)
    {
      long pss;

      usleep (1000 * 1000);
      pss = pss_kib (pid);
      printf ("%.1f %ld\n", drawn, pss);
    }
  else
    fprintf (stderr, "bench-startup-wait: %s drew nothing in 30 s\n", argv[1]);
  kill (pid, SIGTERM);
  waitpid (pid, NULL, 0);
  XCloseDisplay (display);
  return drawn >= 0 ? 0 : 1;
}
