"""A headless client of a Streamlit app: one visitor's session over the websocket, no browser.

Speaks the protocol the Streamlit front end speaks (``streamlit.proto``, installed with
streamlit), over ``ws://HOST:PORT/_stcore/stream`` with the ``streamlit`` subprotocol:

- the client sends ``BackMsg.rerun_script``: a ``ClientState`` with the page's query string and
  the state of every widget it has set (widgets it leaves out keep their last value on the
  server, as they would in a browser that never touched them);
- the server answers with ``ForwardMsg``s, one per binary frame: ``new_session`` when a run
  starts, ``delta``s (each element as the script makes it, addressed by ``metadata.delta_path``),
  ``page_info_changed`` (the address the app sets), and ``script_finished`` at the end of a run
  (``FINISHED_EARLY_FOR_RERUN`` when the script called ``st.rerun()``: another run follows);
- like the browser, the client keeps the large element messages the server marks cacheable and
  lists their hashes in each ``rerun_script``; the server then sends an unchanged element as a
  ``ref_hash`` instead of the whole message, and the client reads it from its cache.

Used by ``benchmarks/bench_load.py`` (many sessions at once) and ``tests/test_load_client.py``.
Nothing here knows the dashboard: widgets are found by their label in the deltas received, and
the element a caller waits for is named by a predicate.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import Callable

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

WIDGET_KINDS = ("multiselect", "slider", "text_input", "dataframe", "selectbox", "checkbox", "text_area",
                "date_input", "component_instance")
FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY: "ok", ForwardMsg.FINISHED_WITH_COMPILE_ERROR: "compile error",
            ForwardMsg.FINISHED_EARLY_FOR_RERUN: "rerun", ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY: "fragment"}


class ProtocolError(RuntimeError):
    """The server closed the connection or answered outside the protocol."""


@dataclass
class Run:
    """What one script run (or a chain of runs joined by ``st.rerun()``) sent back.

    Times are seconds from sending the ``rerun_script`` (``time.monotonic`` differences).
    """

    started: float
    elements: dict[tuple[int, ...], Element] = field(default_factory=dict)
    first_hit_s: float | None = None     # the first element the caller's predicate accepted
    finished_s: float | None = None      # the last script_finished (not the early-for-rerun ones)
    status: str = ""
    reruns: int = 0                      # st.rerun() calls in the chain
    errors: list[str] = field(default_factory=list)   # exception elements and error alerts
    bytes_in: int = 0
    refs: int = 0                        # elements sent as a reference to the client's cache


class Session:
    """One visitor: a websocket connection and the widget states it has set.

    Parameters
    ----------
    url : str
        The app's address, ``http://127.0.0.1:8501`` (the websocket is at ``/_stcore/stream``).
    query_string : str
        The page address's query (``event=...``), without ``?``.
    """

    def __init__(self, url: str, query_string: str = "") -> None:
        self.url = url.rstrip("/")
        self.query_string = query_string
        self.ws = None
        self.widgets: dict[str, Element] = {}          # widget id -> its latest element
        self.labels: dict[str, str] = {}               # label -> widget id
        self.states: dict[str, WidgetState] = {}       # what this client has set
        self.cache: dict[str, ForwardMsg] = {}         # message hash -> cacheable message
        self.query_from_app = query_string
        self._inbox: asyncio.Queue[tuple[ForwardMsg, int] | Exception] = asyncio.Queue()
        self._reader: asyncio.Task | None = None
        self.closed_reason: str | None = None

    # -- connection ----------------------------------------------------------------------

    async def connect(self, timeout: float = 30.0) -> None:
        host = self.url.split("://", 1)[1]
        self.ws = await websockets.connect(
            f"ws://{host}/_stcore/stream", subprotocols=["streamlit"], origin=self.url,
            max_size=None, open_timeout=timeout, ping_interval=None)
        self._reader = asyncio.ensure_future(self._read())

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)

    async def _read(self) -> None:
        try:
            async for frame in self.ws:
                msg = ForwardMsg()
                msg.ParseFromString(frame)
                await self._inbox.put((msg, len(frame)))
            self.closed_reason = f"server closed the connection ({self.ws.close_code})"
        except Exception as exc:  # connection lost: the waiting run sees it
            self.closed_reason = f"{type(exc).__name__}: {exc}"
        await self._inbox.put(ProtocolError(self.closed_reason))

    # -- runs ------------------------------------------------------------------------------

    async def rerun(self, wanted: Callable[[Element], bool] | None = None, timeout: float = 30.0) -> Run:
        """Send a ``rerun_script`` with the current widget states; return when the run ends.

        ``wanted`` marks the element whose arrival is timed (``Run.first_hit_s``). Raises
        ``TimeoutError`` when no run ends within ``timeout`` s, ``ProtocolError`` when the
        connection is lost.
        """
        back = BackMsg()
        cs = back.rerun_script
        cs.query_string = self.query_from_app
        cs.page_script_hash = ""
        for state in self.states.values():
            cs.widget_states.widgets.add().CopyFrom(state)
        cs.cached_message_hashes.extend(self.cache)
        cs.context_info.timezone = "UTC"
        cs.context_info.locale = "en-GB"
        cs.context_info.url = f"{self.url}/" + (f"?{self.query_from_app}" if self.query_from_app else "")
        run = Run(started=time.monotonic())
        await self.ws.send(back.SerializeToString())
        deadline = run.started + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no end of run within {timeout:.0f} s")
            try:
                msg = await asyncio.wait_for(self._inbox.get(), left)
            except asyncio.TimeoutError:
                raise TimeoutError(f"no end of run within {timeout:.0f} s") from None
            if isinstance(msg, Exception):
                self._inbox.put_nowait(msg)  # every later call fails the same way
                raise msg
            msg, size = msg
            run.bytes_in += size
            if self._take(msg, run, wanted):
                return run

    async def settle(self, timeout: float = 60.0) -> bool:
        """After a run given up on (``TimeoutError``): read until it ends, so that its end is
        not taken for the next run's. False if it has not ended within ``timeout`` s."""
        run = Run(started=time.monotonic())
        deadline = run.started + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                msg = await asyncio.wait_for(self._inbox.get(), left)
            except asyncio.TimeoutError:
                return False
            if isinstance(msg, Exception):
                self._inbox.put_nowait(msg)
                raise msg
            if self._take(msg[0], run, None):
                return True
        return False

    def _take(self, msg: ForwardMsg, run: Run, wanted: Callable[[Element], bool] | None) -> bool:
        """Record one message; True at the end of the run."""
        kind = msg.WhichOneof("type")
        if kind == "ref_hash":
            cached = self.cache.get(msg.ref_hash)
            if cached is None:
                run.errors.append(f"reference to a message not in the cache: {msg.ref_hash}")
                return False
            run.refs += 1
            full = ForwardMsg()
            full.CopyFrom(cached)
            full.metadata.CopyFrom(msg.metadata)
            msg, kind = full, "delta"
        elif msg.metadata.cacheable and msg.hash:
            self.cache[msg.hash] = msg
        if kind == "new_session":
            run.elements.clear()
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            run.elements[tuple(msg.metadata.delta_path)] = element
            self._note_widget(element)
            what = element.WhichOneof("type")
            if what == "exception":
                run.errors.append(f"exception: {element.exception.type}: {element.exception.message[:160]}")
            elif what == "alert" and element.alert.format == element.alert.ERROR:
                run.errors.append(f"error alert: {element.alert.body[:160]}")
            if wanted is not None and run.first_hit_s is None and wanted(element):
                run.first_hit_s = time.monotonic() - run.started
        elif kind == "page_info_changed":
            self.query_from_app = msg.page_info_changed.query_string
        elif kind == "script_finished":
            status = FINISHED.get(msg.script_finished, str(msg.script_finished))
            if status == "rerun":
                run.reruns += 1
                return False
            run.status = status
            run.finished_s = time.monotonic() - run.started
            if status == "compile error":
                run.errors.append("the script did not compile")
            return True
        return False

    def _note_widget(self, element: Element) -> None:
        what = element.WhichOneof("type")
        if what not in WIDGET_KINDS:
            return
        proto = getattr(element, what)
        wid = getattr(proto, "id", "")
        if not wid:
            return
        self.widgets[wid] = element
        label = getattr(proto, "label", "") or getattr(proto, "component_name", "") or what
        self.labels[label] = wid
        self._adopt(wid, what, proto)

    def _adopt(self, wid: str, what: str, proto) -> None:
        """Hold a widget's value as the front end does: its default the first time it is drawn,
        the value the script set (``set_value``: ``st.session_state``) when it sets one, else
        what the visitor chose. The front end sends every widget's value with each rerun; a
        widget left out is read as never touched, so a keyed widget set by the script would fall
        back to its declared default."""
        if wid in self.states and not getattr(proto, "set_value", False):
            return
        if what == "multiselect":
            values = list(proto.raw_values) if proto.set_value else [proto.options[i] for i in proto.default]
            self.set_strings(wid, values)
        elif what == "slider":
            self.set_doubles(wid, list(proto.value) if proto.set_value else list(proto.default))
        elif what in ("text_input", "text_area"):
            if proto.set_value:
                self.set_string(wid, proto.value)
            elif proto.HasField("default"):
                self.set_string(wid, proto.default)

    # -- widgets -------------------------------------------------------------------------------

    def widget(self, label: str) -> tuple[str, object]:
        """The id and element proto (``MultiSelect``, ``Slider``, ...) of the widget labelled
        ``label`` (a component's name, ``dataframe`` for a table without label) in the last run."""
        wid = self.labels.get(label)
        if wid is None:
            raise KeyError(f"no widget labelled {label!r} in the deltas received (have {sorted(self.labels)})")
        element = self.widgets[wid]
        return wid, getattr(element, element.WhichOneof("type"))

    def set_strings(self, wid: str, values: list[str]) -> None:
        """A multiselect's choice: its options' labels as shown (``MultiSelect.options``)."""
        state = WidgetState(id=wid)
        state.string_array_value.data.extend(values)
        self.states[wid] = state

    def set_doubles(self, wid: str, values: list[float]) -> None:
        """A slider's value(s); dates as microseconds since the epoch (UTC midnight)."""
        state = WidgetState(id=wid)
        state.double_array_value.data.extend(values)
        self.states[wid] = state

    def set_string(self, wid: str, value: str) -> None:
        """A text input's value."""
        self.states[wid] = WidgetState(id=wid, string_value=value)

    def set_rows(self, wid: str, rows: list[int]) -> None:
        """A dataframe's selected rows (``selection_mode`` rows)."""
        value = json.dumps({"selection": {"rows": rows, "columns": [], "cells": []}})
        self.states[wid] = WidgetState(id=wid, string_value=value)
