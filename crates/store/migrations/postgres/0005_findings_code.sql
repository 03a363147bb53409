-- The report list's rule filter (EXISTS a finding of the report whose code starts with …)
-- and the dashboard's count by rule and severity read this index alone, not the findings'
-- rows with their JSON. Keep in step with the other backend.
CREATE INDEX findings_report_code ON findings (report_id, code, severity);
