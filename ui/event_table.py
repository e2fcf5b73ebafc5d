"""The events table beside the map: a row picked selects its event, and an event selected
elsewhere (a marker clicked, a link's event) is the row shown selected."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.view.table import rows_of

KEY = "table"


def _rows(state: object) -> list[int]:
    """The selected rows in a dataframe's widget state (``{"selection": {"rows": [...]}}``)."""
    try:
        return [int(r) for r in state["selection"]["rows"]]  # type: ignore[index]
    except (KeyError, TypeError, ValueError):
        return []


def follow_selection(table: pd.DataFrame) -> None:
    """Keep the table's selection and ``st.session_state["selected"]`` (an event id or None) in
    step, before anything is drawn: the map, drawn first, must know the selected event."""
    # A row the visitor picked (or unpicked) since the last run selects its event (or none)...
    picked = [r for r in _rows(st.session_state.get(KEY)) if r < len(table)]
    if picked != st.session_state.get("table_rows", picked):
        st.session_state["selected"] = str(table["id"].iloc[picked[0]]) if picked else None
    # ...and the selected event, however chosen, is the row the table shows selected (Streamlit
    # 1.67 sets a dataframe's selection from session state, so a marker clicked on the map marks
    # its row).
    wanted = rows_of(table, st.session_state.get("selected"))
    if wanted != picked:
        st.session_state[KEY] = {"selection": {"rows": wanted, "columns": [], "cells": []}}
    st.session_state["table_rows"] = wanted


def event_table(table: pd.DataFrame, shown: int, height: int) -> None:
    """Draw ``table`` (the rows of ``shown`` events the filters keep) with single-row selection;
    call :func:`follow_selection` first in the run."""
    st.dataframe(table, hide_index=True, width="stretch", height=height, key=KEY,
                 on_select="rerun", selection_mode="single-row")
    if len(table) < shown:
        st.caption(f"Showing the newest {len(table):,} of {shown:,} events; narrow the filters to see the others.")
