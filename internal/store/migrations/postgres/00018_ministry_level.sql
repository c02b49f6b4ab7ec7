-- +goose Up
-- The Ministry's level (QĐ 26/2026 Điều 4.1.b, 7 bước 4): a dossier of 90
-- points or more is proposed to the Ministry by the province's letter, is
-- evaluated again in a Ministry round, and is recognised 5★ by the
-- Minister; below that the province may recognise 3★/4★ from the central
-- result. So a dossier may sit in one round per level, and a round may
-- carry, besides its own decision, each province's decision taken from
-- its result.
ALTER TABLE round_dossiers ADD COLUMN level TEXT;
UPDATE round_dossiers rd SET level = r.level FROM rounds r WHERE r.id = rd.round_id;
ALTER TABLE round_dossiers ALTER COLUMN level SET NOT NULL;
ALTER TABLE round_dossiers DROP CONSTRAINT round_dossiers_dossier_id_key;
ALTER TABLE round_dossiers ADD CONSTRAINT round_dossiers_dossier_level_key UNIQUE (dossier_id, level);

ALTER TABLE decisions ADD COLUMN kind TEXT NOT NULL DEFAULT 'round';
ALTER TABLE decisions ADD COLUMN province_code TEXT NOT NULL DEFAULT '';
UPDATE decisions d SET province_code = r.province_code FROM rounds r WHERE r.id = d.round_id;
ALTER TABLE decisions DROP CONSTRAINT decisions_round_id_key;
ALTER TABLE decisions ADD CONSTRAINT decisions_round_kind_province_key UNIQUE (round_id, kind, province_code);

ALTER TABLE decision_outcomes DROP CONSTRAINT decision_outcomes_outcome_check;
ALTER TABLE decision_outcomes ADD CONSTRAINT decision_outcomes_outcome_check
    CHECK (outcome IN ('certified', 'none', 'ministry', 'province'));

-- The province's letter proposing a dossier to the Ministry for 5★
-- (Điều 6.3): its date places the dossier in a Ministry round's window.
CREATE TABLE ministry_proposals (
    dossier_id    BIGINT PRIMARY KEY REFERENCES dossiers(id),
    province_code TEXT NOT NULL,
    letter_no     TEXT NOT NULL,
    letter_date   TEXT NOT NULL,
    signer        TEXT NOT NULL,
    sent_by       BIGINT NOT NULL REFERENCES users(id),
    sent_at       TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE ministry_proposals;
DELETE FROM decision_outcomes WHERE outcome = 'province'
    OR decision_id IN (SELECT id FROM decisions WHERE kind <> 'round');
DELETE FROM decisions WHERE kind <> 'round';
ALTER TABLE decision_outcomes DROP CONSTRAINT decision_outcomes_outcome_check;
ALTER TABLE decision_outcomes ADD CONSTRAINT decision_outcomes_outcome_check
    CHECK (outcome IN ('certified', 'none', 'ministry'));
ALTER TABLE decisions DROP CONSTRAINT decisions_round_kind_province_key;
ALTER TABLE decisions ADD CONSTRAINT decisions_round_id_key UNIQUE (round_id);
ALTER TABLE decisions DROP COLUMN province_code;
ALTER TABLE decisions DROP COLUMN kind;
DELETE FROM score_sheets WHERE round_id IN (SELECT id FROM rounds WHERE level = 'ministry');
DELETE FROM round_dossiers WHERE level <> 'province';
ALTER TABLE round_dossiers DROP CONSTRAINT round_dossiers_dossier_level_key;
ALTER TABLE round_dossiers ADD CONSTRAINT round_dossiers_dossier_id_key UNIQUE (dossier_id);
ALTER TABLE round_dossiers DROP COLUMN level;
