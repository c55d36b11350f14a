#!/usr/bin/python3
"""Asks the windows of process PID titled TITLE to close, as a window manager's close button does:
a WM_DELETE_WINDOW client message (ICCCM), which the app may refuse. DISPLAY (and XAUTHORITY)
from the environment. Prints how many windows were asked (0: none is shown yet). Windows may come
and go meanwhile (a question closing): the ones gone are skipped. Needs python3-xlib.

Usage: wm-close.py PID TITLE
"""
import sys

from Xlib import X, display, protocol
from Xlib.error import XError


def windows(window):
    """`window` and every window under it that still exists."""
    yield window
    try:
        children = window.query_tree().children
    except XError:
        return
    for child in children:
        yield from windows(child)


def main():
    pid, title = int(sys.argv[1]), sys.argv[2]
    d = display.Display()
    # A window that goes away between the walk and the message is not an error.
    d.set_error_handler(lambda *args: None)
    net_wm_pid = d.intern_atom("_NET_WM_PID")
    wm_protocols = d.intern_atom("WM_PROTOCOLS")
    wm_delete = d.intern_atom("WM_DELETE_WINDOW")
    targets = []
    for w in windows(d.screen().root):
        try:
            owner = w.get_full_property(net_wm_pid, X.AnyPropertyType)
            if owner and owner.value[0] == pid and w.get_wm_name() == title and wm_delete in (w.get_wm_protocols() or []):
                targets.append(w)
        except XError:
            continue
    # Asked only once the walk is over: a window closing at once cannot upset it.
    for w in targets:
        event = protocol.event.ClientMessage(window=w, client_type=wm_protocols, data=(32, [wm_delete, X.CurrentTime, 0, 0, 0]))
        w.send_event(event)
    d.sync()
    d.close()
    print(len(targets))
    return 0


if __name__ == "__main__":
    sys.exit(main())
