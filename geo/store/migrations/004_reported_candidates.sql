-- Schema version 4: the merge rule's candidates for an imported row are the records read
-- from reports (report_id set) of its type within a day; this partial index finds them
-- without reading the day's other imported rows (GDELT publishes ~100,000 a day).

CREATE INDEX records_reported_type_day ON records(type, day) WHERE report_id IS NOT NULL;
