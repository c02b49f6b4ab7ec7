-- +goose Up
-- Sub-panels of a round's council (tiểu ban, hội đồng chuyên ngành): each
-- scores its own share of the round's dossiers with some of the members.
CREATE TABLE panels (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    round_id   BIGINT NOT NULL REFERENCES rounds(id),
    name       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    version    INTEGER NOT NULL,
    UNIQUE (round_id, name)
);

CREATE TABLE panel_members (
    panel_id BIGINT NOT NULL REFERENCES panels(id),
    user_id  BIGINT NOT NULL REFERENCES users(id),
    position TEXT NOT NULL, -- head | member
    PRIMARY KEY (panel_id, user_id)
);

-- A dossier of a round is on at most one of its panels.
CREATE TABLE panel_dossiers (
    round_id   BIGINT NOT NULL REFERENCES rounds(id),
    dossier_id BIGINT NOT NULL REFERENCES dossiers(id),
    panel_id   BIGINT NOT NULL REFERENCES panels(id),
    PRIMARY KEY (round_id, dossier_id)
);
CREATE INDEX panel_dossiers_panel ON panel_dossiers (panel_id);

-- +goose Down
DROP TABLE panel_dossiers;
DROP TABLE panel_members;
DROP TABLE panels;
