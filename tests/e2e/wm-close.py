#!/usr/bin/python3
"""Asks the windows of process PID titled TITLE to close, as a window manager's close button does:
a WM_DELETE_WINDOW client message (ICCCM), which the app may refuse. DISPLAY (and XAUTHORITY)
from the environment. Prints how many windows were asked; exits 1 if none. Needs python3-xlib.

Usage: wm-close.py PID TITLE
"""
import sys

from Xlib import X, display, protocol


def windows(window):
    yield window
    for child in window.query_tree().children:
        yield from windows(child)


def main():
    pid, title = int(sys.argv[1]), sys.argv[2]
    d = display.Display()
    net_wm_pid = d.intern_atom("_NET_WM_PID")
    wm_protocols = d.intern_atom("WM_PROTOCOLS")
    wm_delete = d.intern_atom("WM_DELETE_WINDOW")
    asked = 0
    for w in windows(d.screen().root):
        owner = w.get_full_property(net_wm_pid, X.AnyPropertyType)
        if not owner or owner.value[0] != pid or w.get_wm_name() != title:
            continue
        if wm_delete not in (w.get_wm_protocols() or []):
            continue
        event = protocol.event.ClientMessage(window=w, client_type=wm_protocols, data=(32, [wm_delete, X.CurrentTime, 0, 0, 0]))
        w.send_event(event)
        asked += 1
    d.flush()
    d.close()
    print(asked)
    return 0 if asked else 1


if __name__ == "__main__":
    sys.exit(main())
