-- The schema as the Python services' models (Tortoise ORM) create it on PostgreSQL, written by
-- hand from ../shared/spec/SCHEMA.md in Tortoise's own style. It stands for a database the Python
-- side made: the tests check that the entities and the library's own DDL match it exactly.
CREATE TABLE IF NOT EXISTS "user" (
    "id" UUID NOT NULL PRIMARY KEY,
    "user_id" VARCHAR(255) NOT NULL,
    "first_name" VARCHAR(255) NOT NULL,
    "last_name" VARCHAR(255) NOT NULL,
    "email" VARCHAR(255) NOT NULL,
    "username" VARCHAR(255) NOT NULL DEFAULT '',
    "role" VARCHAR(255) NOT NULL,
    "active" BOOL NOT NULL DEFAULT True,
    "membership_level" VARCHAR(100) NOT NULL DEFAULT 'free',
    "token_limit" INT NOT NULL DEFAULT 0,
    "token_used" INT NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "encryption_salt" VARCHAR(255) NOT NULL DEFAULT '0'
);
CREATE INDEX IF NOT EXISTS "idx_user_user_id_d610a5" ON "user" ("user_id", "created_at");
COMMENT ON COLUMN "user"."user_id" IS 'User identifier using clerk authentication';
COMMENT ON COLUMN "user"."encryption_salt" IS 'Salt value used for encrypting sensitive data';

CREATE TABLE IF NOT EXISTS "api_key" (
    "id" UUID NOT NULL PRIMARY KEY,
    "user_id" VARCHAR(255) NOT NULL,
    "api_key" VARCHAR(512) NOT NULL,
    "masked_api_key" VARCHAR(512) NOT NULL,
    "is_active" BOOL NOT NULL DEFAULT True,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ
);
COMMENT ON COLUMN "api_key"."api_key" IS 'Hashed API key';

CREATE TABLE IF NOT EXISTS "git_label" (
    "id" UUID NOT NULL PRIMARY KEY,
    "user_id" VARCHAR(255) NOT NULL,
    "label" TEXT NOT NULL,
    "git_hosting" VARCHAR(50) NOT NULL,
    "username" TEXT NOT NULL,
    "token_value" TEXT NOT NULL,
    "masked_token" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "uid_git_label_user_id_848e44" UNIQUE ("user_id", "git_hosting", "masked_token")
);

CREATE TABLE IF NOT EXISTS "repo" (
    "id" UUID NOT NULL PRIMARY KEY,
    "user_id" VARCHAR(255) NOT NULL,
    "repo_id" VARCHAR(255) NOT NULL,
    "repo_name" VARCHAR(255) NOT NULL,
    "description" TEXT,
    "html_url" VARCHAR(500) NOT NULL,
    "default_branch" VARCHAR(100) NOT NULL DEFAULT 'main',
    "forks_count" INT NOT NULL DEFAULT 0,
    "stargazers_count" INT NOT NULL DEFAULT 0,
    "is_private" BOOL NOT NULL DEFAULT False,
    "visibility" VARCHAR(50),
    "token_id" VARCHAR(255),
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "repo_created_at" TIMESTAMPTZ,
    "repo_updated_at" TIMESTAMPTZ,
    "language" JSONB,
    "size" INT,
    "relative_path" VARCHAR(1024),
    "total_files" INT NOT NULL DEFAULT 0,
    "total_chunks" INT NOT NULL DEFAULT 0,
    "processing_start_time" TIMESTAMPTZ,
    "processing_end_time" TIMESTAMPTZ,
    "error_message" TEXT,
    "last_commit" VARCHAR(255) NOT NULL DEFAULT '',
    "status" VARCHAR(255) NOT NULL DEFAULT 'pending',
    "repo_alias_name" VARCHAR(100) NOT NULL,
    "repo_user_reference" TEXT,
    "repo_system_reference" TEXT,
    CONSTRAINT "uid_repo_user_id_a03d4e" UNIQUE ("user_id", "repo_id")
);
CREATE INDEX IF NOT EXISTS "idx_repo_user_id_05a4f0" ON "repo" ("user_id", "created_at");
COMMENT ON COLUMN "repo"."token_id" IS 'Refers to git_label.id, the token used to access the repo';

CREATE TABLE IF NOT EXISTS "code_chunks" (
    "id" UUID NOT NULL PRIMARY KEY,
    "user_id" VARCHAR(255) NOT NULL,
    "repo_id" VARCHAR(255) NOT NULL,
    "content" TEXT NOT NULL,
    "embedding" JSONB,
    "metadata" JSONB NOT NULL,
    "file_name" VARCHAR(255) NOT NULL,
    "file_path" VARCHAR(255) NOT NULL,
    "file_size" INT NOT NULL,
    "commit_number" VARCHAR(255) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE IF NOT EXISTS "queue_processing_registry" (
    "id" UUID NOT NULL PRIMARY KEY,
    "message_id" TEXT NOT NULL,
    "queue_name" TEXT NOT NULL,
    "claimed_by" TEXT,
    "step" TEXT NOT NULL,
    "status" VARCHAR(30) NOT NULL,
    "previous_message_id" UUID,
    "claimed_at" TIMESTAMPTZ,
    "updated_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX IF NOT EXISTS "idx_queue_proce_message_10f9ee" ON "queue_processing_registry" ("message_id", "queue_name");
COMMENT ON COLUMN "queue_processing_registry"."status" IS 'pending: PENDING\nin_progress: IN_PROGRESS\nretry: RETRY\nfailed: FAILED\ncompleted: COMPLETED';

CREATE UNIQUE INDEX queue_processing_registry_message_id_idx
    ON queue_processing_registry (message_id)
    WHERE status IN ('pending', 'in_progress');
