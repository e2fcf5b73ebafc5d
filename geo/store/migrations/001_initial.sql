-- Schema version 1: the first form of the event store. Never edit a released migration:
-- add the next numbered file instead (geo/store/schema.py applies them in order).

-- One row per report ingested; content_hash (of the normalised text) makes ingest idempotent.
CREATE TABLE reports (
    id           INTEGER PRIMARY KEY,
    source       TEXT NOT NULL,
    date         TEXT,                    -- publication date, ISO YYYY-MM-DD
    title        TEXT,
    url          TEXT,
    text         TEXT NOT NULL,
    content_hash TEXT NOT NULL UNIQUE,
    added_at     TEXT NOT NULL            -- UTC, ISO 8601
);
CREATE INDEX reports_source ON reports(source);

-- One event as one source gave it. Never changed by corrections: those live in `corrections`
-- and are applied when `events` is rebuilt. Days are counted from 1970-01-01 (integers compare
-- and convert to numpy datetime64[D] for free).
CREATE TABLE records (
    rid        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,      -- Event.id
    report_id  INTEGER REFERENCES reports(id),
    source     TEXT NOT NULL,
    type       TEXT NOT NULL,
    day        INTEGER,                   -- first day, or NULL when undated
    last_day   INTEGER,                   -- date_end or date
    date_precision TEXT,
    lat        REAL,                      -- Event.position
    lon        REAL,
    range_km   REAL,
    actors     TEXT NOT NULL DEFAULT '',  -- actor codes joined by ';'
    text       TEXT,                      -- the sentence
    auto_group INTEGER NOT NULL,          -- rid of the first record of its group by the merge rule
    group_rid  INTEGER NOT NULL,          -- the same after manual merges and splits
    json       TEXT NOT NULL,             -- the Event's JSON form (docs/events.md), compacted
    added_at   TEXT NOT NULL
);
CREATE INDEX records_type_day ON records(type, day);
CREATE INDEX records_auto_group ON records(auto_group);
CREATE INDEX records_group ON records(group_rid);
CREATE INDEX records_report ON records(report_id);

-- The parts of a record in relational form, for SQL users and filters.
CREATE TABLE actors (
    rid  INTEGER NOT NULL,                -- records.rid
    code TEXT,
    name TEXT NOT NULL,
    role TEXT
);
CREATE INDEX actors_rid ON actors(rid);
CREATE TABLE places (
    rid          INTEGER NOT NULL,
    idx          INTEGER NOT NULL,        -- order in the event
    name         TEXT NOT NULL,
    role         TEXT NOT NULL,
    lat          REAL,
    lon          REAL,
    country_code TEXT,
    feature      TEXT,
    candidates   TEXT                     -- JSON list of the other places the name could mean
);
CREATE INDEX places_rid ON places(rid);
CREATE TABLE claims (
    rid          INTEGER NOT NULL,
    quantity     TEXT NOT NULL,
    value        REAL NOT NULL,           -- km for distances, s for flight times
    unit         TEXT,
    text         TEXT,                    -- the phrase as written: "approximately 570 kilometers"
    source_name  TEXT,
    source_actor TEXT
);
CREATE INDEX claims_rid ON claims(rid);

-- The events as shown: one row per group of records, corrections applied. Rebuilt from
-- records + corrections, so it can always be thrown away and made again.
CREATE TABLE events (
    rowid          INTEGER PRIMARY KEY,   -- = the group's rid (its first record)
    id             TEXT NOT NULL UNIQUE,
    type           TEXT NOT NULL,
    day            INTEGER,
    last_day       INTEGER,
    date_precision TEXT,
    lat            REAL,
    lon            REAL,
    range_km       REAL,
    actors         TEXT NOT NULL DEFAULT '',
    source         TEXT NOT NULL,
    n_sources      INTEGER NOT NULL,
    text           TEXT,                  -- the sentence, for free-text search
    json           TEXT                   -- NULL when the event is its one record, uncorrected
);
CREATE INDEX events_day ON events(day);
CREATE INDEX events_type_day ON events(type, day);

-- What users changed, kept apart and applied last. field: an Event field name, or
-- 'merge' / 'split' (new = the record ids concerned).
CREATE TABLE corrections (
    id       INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL,
    field    TEXT NOT NULL,
    old      TEXT,                        -- JSON
    new      TEXT,                        -- JSON
    user     TEXT NOT NULL,
    at       TEXT NOT NULL,
    undone   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX corrections_event ON corrections(event_id);
