-- Schema version 2: filtering by actor without scanning. `event_actors` lists the actor codes
-- of each shown event (the dashboard's actor filter), `actor_names` one name per code (the
-- filter's labels, and names accepted in place of codes), `meta` the longest event in days
-- (so a date-range query can bound the first day from below and use the index).

CREATE TABLE event_actors (
    code  TEXT NOT NULL,
    event INTEGER NOT NULL,               -- events.rowid
    PRIMARY KEY (code, event)
) WITHOUT ROWID;
CREATE INDEX event_actors_event ON event_actors(event);

-- Split each event's ';'-joined codes into rows.
WITH RECURSIVE split(event, code, rest) AS (
    SELECT rowid, NULL, actors || ';' FROM events
    UNION ALL
    SELECT event, substr(rest, 1, instr(rest, ';') - 1), substr(rest, instr(rest, ';') + 1)
    FROM split WHERE rest <> ''
)
INSERT OR IGNORE INTO event_actors(code, event)
SELECT code, event FROM split WHERE code IS NOT NULL AND code <> '';

CREATE TABLE actor_names (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL
) WITHOUT ROWID;
INSERT OR IGNORE INTO actor_names(code, name)
SELECT code, min(name) FROM actors WHERE code IS NOT NULL GROUP BY code;

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT
) WITHOUT ROWID;
INSERT INTO meta(key, value) SELECT 'max_span_days', coalesce(max(last_day - day), 0) FROM events;

CREATE INDEX events_lat ON events(lat);
