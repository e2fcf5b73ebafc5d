-- Schema version 3: an R*Tree over (days, latitude, longitude) of the shown events, so the
-- dashboard's query (a date range and a map box) reads only the events inside both instead
-- of a whole date range. Undated events span every day; unlocated events are not in it (a
-- box never selects them). Triggers keep it in step with `events`.

CREATE VIRTUAL TABLE events_rtree USING rtree(id, min_day, max_day, min_lat, max_lat, min_lon, max_lon);

INSERT INTO events_rtree
SELECT rowid, coalesce(day, -10000000), coalesce(last_day, 10000000), lat, lat, lon, lon
FROM events WHERE lat IS NOT NULL AND lon IS NOT NULL;

CREATE TRIGGER events_rtree_insert AFTER INSERT ON events
WHEN new.lat IS NOT NULL AND new.lon IS NOT NULL
BEGIN
    INSERT INTO events_rtree VALUES (new.rowid, coalesce(new.day, -10000000), coalesce(new.last_day, 10000000),
                                     new.lat, new.lat, new.lon, new.lon);
END;

CREATE TRIGGER events_rtree_delete AFTER DELETE ON events
BEGIN
    DELETE FROM events_rtree WHERE id = old.rowid;
END;

CREATE TRIGGER events_rtree_update AFTER UPDATE ON events
BEGIN
    DELETE FROM events_rtree WHERE id = old.rowid;
    INSERT INTO events_rtree SELECT new.rowid, coalesce(new.day, -10000000), coalesce(new.last_day, 10000000),
                                    new.lat, new.lat, new.lon, new.lon
    WHERE new.lat IS NOT NULL AND new.lon IS NOT NULL;
END;
