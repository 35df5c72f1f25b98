#!/usr/bin/python3
"""tests/test-atspi.py APP — the app as a screen reader finds it, through AT-SPI.

Starts APP (the built incident-commander) on a throw-away database holding
one incident with three hypotheses, an answered decision-tree check and a
TCP probe, and reads its accessible tree over AT-SPI, as Orca does. With no
incident open, then on each of the incident's six pages (Alt+1 … Alt+6,
keys synthesised through AT-SPI), it fails on

  - a button, toggle, check box, entry, text view, drop-down, spin button or
    custom widget a screen reader would read without a name, or read with a
    mnemonic's underscore ("_Skip Skip");
  - state shown only by colour: a probe card, a hypothesis and a decision
    check are read with their state (probe state, hypothesis status, check
    answer), and the pressed answer button says it is pressed;
  - a focus order that skips a shown control: Tab goes round the window and
    every shown, sensitive, focusable control (or the list it is in, whose
    rows the arrows walk) gets the focus on the way.

Run by meson under build-aux/test (Xvfb, a private session bus on which the
accessibility bus starts on demand). Uses Debian's python3-pyatspi, hence
/usr/bin/python3.
"""

import os
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time

# The app runs with the suite's G_DEBUG=fatal-warnings; this process does not:
# the AT-SPI client library warns that GTK 4.8 has no cache interface.
APP_G_DEBUG = os.environ.pop("G_DEBUG", None)

import pyatspi  # noqa: E402  (after G_DEBUG is out of the environment)
from gi.repository import GLib

APP_NAME = "incident-commander"
TITLE = "Elevated 500s on checkout"
PROBE = "checkout port"

# What a screen reader treats as a control.
CONTROLS = {
    "push button", "toggle button", "check box", "radio button", "text",
    "password text", "entry", "spin button", "combo box", "slider",
    "page tab", "menu item", "check menu item", "radio menu item", "switch",
}
# Shown by the name of a type: what GTK 4.8 falls back to without a name.
TYPE_NAME = re.compile(r"^(Gtk|Adw|Ic)[A-Z][A-Za-z]+$")
# Window controls GTK keeps off the Tab chain itself (keys do their work).
OFF_CHAIN = {"Minimize", "Maximize", "Close"}

failures = []

# build-aux/test --sanitize runs everything several times slower, and says
# how much slower here: the waits for the app scale with it.
TIME_SCALE = float(os.environ.get("IC_TEST_TIME_SCALE", "1"))


def fail(message):
    failures.append(message)
    print("FAIL: " + message, file=sys.stderr)


def pump(seconds):
    """Runs the main loop (AT-SPI events) for @seconds."""
    context = GLib.MainContext.default()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        while context.pending():
            context.iteration(False)
        time.sleep(0.01)


def wait_for(predicate, seconds, what):
    end = time.monotonic() + seconds * TIME_SCALE
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        pump(0.1)
    raise SystemExit("test-atspi: timed out waiting for " + what)


# Keys, synthesised the way an assistive technology does ---------------------

KEY_TAB = 0xff09
KEY_RETURN = 0xff0d
ALT_L_KEYCODE = 64  # Xvfb's default (evdev) keymap


def press(keysym):
    pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)
    pump(0.05)


def press_alt(char):
    pyatspi.Registry.generateKeyboardEvent(ALT_L_KEYCODE, None, pyatspi.KEY_PRESS)
    pyatspi.Registry.generateKeyboardEvent(ord(char), None, pyatspi.KEY_SYM)
    pyatspi.Registry.generateKeyboardEvent(ALT_L_KEYCODE, None, pyatspi.KEY_RELEASE)
    pump(0.05)


# The focus, as AT-SPI tells it -----------------------------------------------

focused = {"path": None, "acc": None, "changes": 0}


def on_focus(event):
    if event.detail1 == 1:
        focused["path"] = event.source.path
        focused["acc"] = event.source
        focused["changes"] += 1


# The tree ------------------------------------------------------------------


class Node:
    __slots__ = ("acc", "path", "role", "name", "states", "showing", "stop")


def is_on_screen(acc):
    """Whether @acc is shown, where a pointer would find it: GTK 4.8 reports
    "visible" for what is on a hidden page too, and keeps the size it had
    when last shown. (A control scrolled out of view counts as not shown.)"""
    try:
        component = acc.queryComponent()
        extents = component.getExtents(pyatspi.WINDOW_COORDS)
        if extents.width <= 0 or extents.height <= 0:
            return False
        hit = component.getAccessibleAtPoint(extents.x + extents.width // 2,
                                             extents.y + extents.height // 2,
                                             pyatspi.WINDOW_COORDS)
    except (NotImplementedError, GLib.Error):
        return False
    # The point finds the control itself or something inside it.
    while hit is not None:
        if hit.path == acc.path:
            return True
        hit = hit.parent
    return False


def walk(acc, outer_list=None, out=None):
    """Every node under @acc with what the checks need, fetched once: each
    property is a D-Bus round trip, so only what is looked at is asked."""
    if out is None:
        out = []
    node = Node()
    node.acc = acc
    node.path = acc.path
    node.role = acc.getRoleName()
    node.name = None
    node.states = set()
    node.showing = False
    if node.role in CONTROLS or node.role in ("list", "list item", "panel", "filler"):
        node.name = acc.name or ""
    if node.role in CONTROLS or node.role in ("list", "list item"):
        node.states = {pyatspi.stateToString(s) for s in acc.getState().getStates()}
        node.showing = is_on_screen(acc)
    # Where Tab stops for this node: the outermost list it is in.
    node.stop = outer_list or node.path
    out.append(node)
    child_outer = outer_list or (node.path if node.role == "list" else None)
    for i in range(acc.childCount):
        child = acc.getChildAtIndex(i)
        if child is not None:
            walk(child, child_outer, out)
    return out


def refresh(nodes):
    """What changes from page to page: what is shown, and the names that say
    a state."""
    for node in nodes:
        try:
            if node.role in CONTROLS or node.role in ("list", "list item"):
                node.showing = is_on_screen(node.acc)
                if node.role == "list item" or "Yes" == node.name:
                    node.name = node.acc.name or ""
                    node.states = {pyatspi.stateToString(s)
                                   for s in node.acc.getState().getStates()}
            elif node.role == "panel" and node.name and (node.name.startswith(PROBE + ": ")
                                                         or " — " in node.name):
                node.name = node.acc.name or ""
        except GLib.Error:  # gone since the walk
            node.showing = False


def check_names(nodes, where):
    for node in nodes:
        if node.role not in CONTROLS:
            continue
        if not node.name or TYPE_NAME.match(node.name):
            fail(f"{where}: a {node.role} without a name ({node.name!r})")
        elif re.search(r"_\w", node.name) and node.role in ("push button", "toggle button",
                                                            "check box", "radio button",
                                                            "menu item"):
            fail(f"{where}: a {node.role} read as {node.name!r}")


def known_ancestor(by_path, acc):
    """The node of @acc, or of its nearest ancestor the walk saw (a row added
    since, in a list the walk knows)."""
    try:
        while acc is not None:
            if acc.path in by_path:
                return by_path[acc.path]
            acc = acc.parent
    except GLib.Error:
        pass
    return None


def check_focus_order(nodes, where):
    """Tab round the window from where the focus is: every shown control is
    reached (through its list).

    GTK 4.8 tells AT-SPI nothing when the focus goes into the text of an
    entry (an entry row's inner GtkText is not in the tree): a Tab that
    lands there moves no reported focus, and editable fields are left to
    tests/test-accessible.c, which follows GTK's own focus."""
    by_path = {node.path: node for node in nodes}
    expected = {}
    for node in nodes:
        if (node.role in CONTROLS and node.showing and "focusable" in node.states
                and "sensitive" in node.states and "editable" not in node.states
                and node.name not in OFF_CHAIN):
            expected.setdefault(node.stop, node)
    reached = set()
    order = []
    first = None
    for _ in range(200):
        before = focused["changes"]
        press(KEY_TAB)
        end = time.monotonic() + 0.3 * TIME_SCALE
        while focused["changes"] == before and time.monotonic() < end:
            pump(0.02)
        if focused["changes"] == before:
            continue  # into an entry's text: not reported (see above)
        pump(0.05)
        path = focused["path"]
        if path == first:
            break
        first = first or path
        node = known_ancestor(by_path, focused["acc"])
        reached.add(node.stop if node else path)
        order.append(f"{node.role} {node.name!r}" if node else "(not in the tree)")
    else:
        fail(f"{where}: Tab did not come round in 200 presses")
    skipped = [node for stop, node in expected.items() if stop not in reached]
    for node in skipped:
        fail(f"{where}: Tab skips the {node.role} {node.name!r}")
    if skipped:
        print(f"{where}: Tab went " + " → ".join(order), file=sys.stderr)
    return len(expected)


def find(nodes, predicate):
    return [node for node in nodes if predicate(node)]


# The scene -------------------------------------------------------------------


class socket_closed_port:
    """A loopback port nothing listens on once the block ends."""

    def __enter__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        return self.sock.getsockname()[1]

    def __exit__(self, *exc):
        self.sock.close()


def make_database(app, env, db):
    out = subprocess.run([app, f"--database={db}", "new", "--no-window", "--title", TITLE,
                          "--service", "checkout", "--severity", "sev1"],
                         env=env, check=True, capture_output=True, text=True)
    incident = int(out.stdout.strip())
    # A port nothing listens on: the probe fails, with a reason.
    with socket_closed_port() as port:
        pass
    now = int(time.time() * 1e6)
    with sqlite3.connect(db) as conn:
        # Breathed; the structure step is not done, so that no two-minute
        # rule runs out (and notifies) while the test reads.
        conn.execute("UPDATE incidents SET breathe_state = 'skipped', breathe_ended_at = ?"
                     " WHERE id = ?", (now, incident))
        for rank, (text, likelihood, status) in enumerate([
                ("The connection pool is exhausted", "likely", "testing"),
                ("The 07:40 deploy broke the payment client", "possible", "refuted"),
                ("A client bypassed cluster discovery", "wild-card", "open")], start=1):
            conn.execute("INSERT INTO hypotheses (incident_id, rank, text, likelihood, status,"
                         " created_at) VALUES (?, ?, ?, ?, ?, ?)",
                         (incident, rank, text, likelihood, status, now))
        for step in range(1, 5):
            conn.execute("INSERT OR REPLACE INTO decision_checks (incident_id, step, answer,"
                         " answered_at) VALUES (?, ?, ?, ?)",
                         (incident, step, "yes" if step == 1 else "unanswered",
                          now if step == 1 else None))
        # An update posted, the next one due in an hour: no reminder comes
        # while the test reads.
        conn.execute("INSERT INTO status_updates (incident_id, status, what_we_see, action,"
                     " next_update_minutes, next_update_at, message, created_at)"
                     " VALUES (?, 'investigating', 'Elevated 500s', 'Checking the pool', 60,"
                     " ?, 'Investigating: elevated 500s', ?)",
                     (incident, now + 3600 * 1000000, now))
        conn.execute("INSERT INTO probes (incident_id, kind, name, config, interval_ms,"
                     " timeout_ms, failure_threshold, created_at) VALUES (?, 'tcp', ?, ?,"
                     " 1000, 1000, 1, ?)",
                     (incident, PROBE, f'{{"spec": "tcp://127.0.0.1:{port}"}}', now))
    return incident


def find_app():
    for app in pyatspi.Registry.getDesktop(0):
        if app is not None and app.name == APP_NAME and app.childCount > 0:
            return app
    return None


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    app_path = sys.argv[1]
    tmp = tempfile.TemporaryDirectory()
    env = dict(os.environ)
    if APP_G_DEBUG is not None:
        env["G_DEBUG"] = APP_G_DEBUG
    # The other tests keep GTK off the accessibility bus; this one reads it.
    env["GTK_A11Y"] = "atspi"
    env.pop("NO_AT_BRIDGE", None)
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        env[var] = os.path.join(tmp.name, var.lower())
    db = os.path.join(tmp.name, "incidents.db")
    make_database(app_path, env, db)

    pyatspi.Registry.registerEventListener(on_focus, "object:state-changed:focused")
    proc = subprocess.Popen([app_path, f"--database={db}"], env=env)
    try:
        app = wait_for(find_app, 60, "the app on the accessibility bus")
        frame = wait_for(lambda: app.getChildAtIndex(0), 30, "the window")
        wait_for(lambda: focused["path"] is not None, 30, "the first focus")

        # No incident open: the status page lists the open one.
        nodes = walk(frame)
        check_names(nodes, "no incident selected")
        recent = find(nodes, lambda n: n.role == "list" and n.name == "Recent open incidents")
        if not recent:
            fail("no incident selected: no list of recent open incidents")
        total = check_focus_order(nodes, "no incident selected")

        # Into the incident through that list, by keyboard.
        by_path = {node.path: node for node in nodes}
        for _ in range(60):
            node = by_path.get(focused["path"])
            if node is not None and node.role == "list item" and recent \
                    and node.stop == recent[0].path:
                break
            before = focused["changes"]
            press(KEY_TAB)
            wait_for(lambda: focused["changes"] != before, 5, "the focus to move")
        else:
            raise SystemExit("test-atspi: Tab never reached the recent incidents")
        before = focused["changes"]
        press(KEY_RETURN)
        wait_for(lambda: focused["changes"] != before, 10, "the incident to open")
        pump(0.5)

        # Every page of the incident view is in the tree, shown or not:
        # every control of every page is named.
        nodes = walk(frame)
        check_names(nodes, "the incident, every page")
        pages = ["Structure", "Hypotheses", "Probes", "Timeline", "Details", "Postmortem"]
        for number, page in enumerate(pages, start=1):
            press_alt(str(number))
            pump(0.3 * TIME_SCALE)
            if page == "Probes":
                # Its first checks: one a second.
                pump(2.5 * TIME_SCALE)
            where = f"page {number} ({page})"
            refresh(nodes)
            check_states(nodes, where, page)
            total += check_focus_order(nodes, where)
        print(f"test-atspi: {total} controls reached by Tab, {len(failures)} failures")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        tmp.cleanup()
    if failures:
        sys.exit(1)


def check_states(nodes, where, page):
    # The decision tree is beside every page: each check with its answer.
    checks = find(nodes, lambda n: n.role == "panel" and n.name
                  and (" — answered: " in n.name or n.name.endswith(" — not answered yet")))
    answered = [n for n in checks if n.name.endswith(" — answered: Yes")]
    if len(checks) != 4 or len(answered) != 1:
        fail(f"{where}: the decision tree reads {[n.name for n in checks]!r}, "
             "not four checks, the first answered Yes")
    pressed = find(nodes, lambda n: n.role in ("push button", "toggle button")
                   and n.name == "Yes" and n.showing
                   and ({"pressed", "checked"} & n.states))
    if len(pressed) != 1:
        fail(f"{where}: {len(pressed)} Yes buttons say they are pressed, not one")
    if page == "Hypotheses":
        names = sorted(n.name for n in nodes if n.role == "list item"
                       and n.name.startswith("Hypothesis "))
        want = ["Hypothesis 1: The connection pool is exhausted, Likely, Testing",
                "Hypothesis 2: The 07:40 deploy broke the payment client, Possible, Refuted",
                "Hypothesis 3: A client bypassed cluster discovery, Wild card, Open"]
        if names != want:
            fail(f"{where}: the hypotheses read {names!r}")
    if page == "Probes":
        cards = find(nodes, lambda n: n.role == "panel" and n.name
                     and n.name.startswith(PROBE + ": "))
        states = [n.name[len(PROBE) + 2:] for n in cards]
        # Nothing listens on its port: the check cannot be made.
        if states != ["Error"]:
            fail(f"{where}: the probe card reads {[n.name for n in cards]!r}, "
                 f"not “{PROBE}: Error”")


if __name__ == "__main__":
    main()
