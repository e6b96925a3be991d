#define G_LOG_DOMAIN "rl-profile"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "rl-profile.h"

/* A step being timed.  While it runs the frame clock is kept ticking, so
 * the gaps between painted frames show how long the window froze; once
 * the work is done the next painted frame ends it. */
struct _RlProfileSpan
{
  char          *what;
  GdkFrameClock *clock;
  gulong         paint_id;
  gint64         start;
  gint64         last_paint;
  gint64         longest_gap;
  gint64         done;
  gboolean       updating;
};

static int enabled = -1;
static gint64 process_start;
static gboolean first_frame_seen;

/* The process's start in g_get_monotonic_time's clock (both count from
 * boot on Linux), so the first frame includes loading the libraries. */
static gint64
find_process_start (void)
{
  g_autofree char *stat = NULL;
  struct timespec boot;
  const char *p;
  unsigned long long ticks;
  gint64 now = g_get_monotonic_time ();

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL) ||
      !(p = strrchr (stat, ')')) ||
      sscanf (p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu",
              &ticks) != 1 ||
      clock_gettime (CLOCK_BOOTTIME, &boot) != 0)
    return now;

  /* Now minus (time since boot minus the process's start after boot). */
  return now - ((gint64) boot.tv_sec * G_USEC_PER_SEC + boot.tv_nsec / 1000 -
                (gint64) (ticks * G_USEC_PER_SEC / (unsigned long long) sysconf (_SC_CLK_TCK)));
}

void
rl_profile_init (void)
{
  const char *value = g_getenv ("REDLINE_PROFILE");

  enabled = value != NULL && *value != '\0' && g_strcmp0 (value, "0") != 0;
  if (enabled)
    process_start = find_process_start ();
}

gboolean
rl_profile_enabled (void)
{
  if (G_UNLIKELY (enabled < 0))
    rl_profile_init ();

  return enabled;
}

static long
peak_rss_mb (void)
{
  struct rusage usage;

  if (getrusage (RUSAGE_SELF, &usage) != 0)
    return -1;

  return usage.ru_maxrss / 1024;
}

static void
span_free (RlProfileSpan *span)
{
  if (span->clock != NULL)
    {
      g_clear_signal_handler (&span->paint_id, span->clock);
      if (span->updating)
        gdk_frame_clock_end_updating (span->clock);
      g_object_unref (span->clock);
    }
  g_free (span->what);
  g_free (span);
}

static void
span_report (RlProfileSpan *span,
             gint64         drawn)
{
  g_autofree char *frame = NULL;

  if (drawn > 0)
    frame = g_strdup_printf (", %.1f ms to the drawn frame, longest frame gap %.1f ms",
                             (drawn - span->start) / 1000.0, span->longest_gap / 1000.0);
  fprintf (stderr, "redline-profile: %s: %.1f ms%s, peak RSS %ld MB\n",
           span->what, (span->done - span->start) / 1000.0,
           frame != NULL ? frame : "", peak_rss_mb ());
}

static void
after_paint_cb (GdkFrameClock *clock,
                RlProfileSpan *span)
{
  gint64 now = g_get_monotonic_time ();

  span->longest_gap = MAX (span->longest_gap, now - span->last_paint);
  span->last_paint = now;

  if (span->done > 0)
    {
      span_report (span, now);
      span_free (span);
    }
}

RlProfileSpan *
rl_profile_span_begin (GtkWidget  *widget,
                       const char *what)
{
  RlProfileSpan *span;

  if (!rl_profile_enabled ())
    return NULL;

  span = g_new0 (RlProfileSpan, 1);
  span->what = g_strdup (what);
  span->start = span->last_paint = g_get_monotonic_time ();
  if (widget != NULL && gtk_widget_get_mapped (widget) &&
      (span->clock = gtk_widget_get_frame_clock (widget)) != NULL)
    {
      g_object_ref (span->clock);
      span->paint_id = g_signal_connect (span->clock, "after-paint",
                                         G_CALLBACK (after_paint_cb), span);
      gdk_frame_clock_begin_updating (span->clock);
      span->updating = TRUE;
    }

  return span;
}

/* The work is done: reported at the next painted frame, or now without
 * a frame clock.  The span belongs to the clock from here on. */
void
rl_profile_span_end (RlProfileSpan **span)
{
  RlProfileSpan *s = g_steal_pointer (span);

  if (s == NULL)
    return;

  s->done = g_get_monotonic_time ();
  if (s->clock == NULL)
    {
      span_report (s, 0);
      span_free (s);
    }
}

void
rl_profile_span_cancel (RlProfileSpan **span)
{
  RlProfileSpan *s = g_steal_pointer (span);

  if (s != NULL)
    span_free (s);
}

/* Once per process: the first frame painted with a project's lists in. */
void
rl_profile_first_frame (GtkWidget *widget)
{
  RlProfileSpan *span;

  if (!rl_profile_enabled () || first_frame_seen)
    return;

  first_frame_seen = TRUE;
  span = rl_profile_span_begin (widget, "first frame after opening a project (since process start)");
  span->start = process_start;
  rl_profile_span_end (&span);
}
