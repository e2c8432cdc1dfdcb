-- A measure's data version moves with every write of its values and baselines (decision 069), so a
-- run chart computed once is remembered under it and its values are read again only when it moves.
ALTER TABLE "improvement_measures" ADD COLUMN IF NOT EXISTS "data_version" bigint DEFAULT 0 NOT NULL;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION improvement_measure_data_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE improvement_measures m SET data_version = m.data_version + 1
     WHERE m.id IN (SELECT DISTINCT o.measure_id FROM moved_old o);
  ELSE
    UPDATE improvement_measures m SET data_version = m.data_version + 1
     WHERE m.id IN (SELECT DISTINCT n.measure_id FROM moved_new n);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER improvement_values_inserted AFTER INSERT ON improvement_values
  REFERENCING NEW TABLE AS moved_new FOR EACH STATEMENT EXECUTE FUNCTION improvement_measure_data_moved();
--> statement-breakpoint
CREATE TRIGGER improvement_values_updated AFTER UPDATE ON improvement_values
  REFERENCING NEW TABLE AS moved_new FOR EACH STATEMENT EXECUTE FUNCTION improvement_measure_data_moved();
--> statement-breakpoint
CREATE TRIGGER improvement_values_deleted AFTER DELETE ON improvement_values
  REFERENCING OLD TABLE AS moved_old FOR EACH STATEMENT EXECUTE FUNCTION improvement_measure_data_moved();
--> statement-breakpoint
CREATE TRIGGER improvement_baselines_inserted AFTER INSERT ON improvement_baselines
  REFERENCING NEW TABLE AS moved_new FOR EACH STATEMENT EXECUTE FUNCTION improvement_measure_data_moved();
--> statement-breakpoint
CREATE TRIGGER improvement_baselines_updated AFTER UPDATE ON improvement_baselines
  REFERENCING NEW TABLE AS moved_new FOR EACH STATEMENT EXECUTE FUNCTION improvement_measure_data_moved();
--> statement-breakpoint
CREATE TRIGGER improvement_baselines_deleted AFTER DELETE ON improvement_baselines
  REFERENCING OLD TABLE AS moved_old FOR EACH STATEMENT EXECUTE FUNCTION improvement_measure_data_moved();
