-- The schema the Python services create: what Tortoise ORM's generate_schemas() emits for the
-- devdox-ai-models models on PostgreSQL, followed by models/custom_indexes.py's SQL. Written by hand
-- from the schema contract (SCHEMA.md) in Tortoise's own style: quoted names, upper-case type words,
-- inline PRIMARY KEY and unique_together constraints, "CREATE ... IF NOT EXISTS", column comments.
-- Tests load it to stand for a database the Python side made.
CREATE TABLE IF NOT EXISTS "user" (
    "id" UUID NOT NULL  PRIMARY KEY,
    "user_id" VARCHAR(255) NOT NULL,
    "first_name" VARCHAR(255) NOT NULL,
    "last_name" VARCHAR(255) NOT NULL,
    "email" VARCHAR(255) NOT NULL,
    "username" VARCHAR(255) NOT NULL  DEFAULT '',
    "role" VARCHAR(255) NOT NULL,
    "active" BOOL NOT NULL  DEFAULT True,
    "membership_level" VARCHAR(100) NOT NULL  DEFAULT 'free',
    "token_limit" INT NOT NULL  DEFAULT 0,
    "token_used" INT NOT NULL  DEFAULT 0,
    "created_at" TIMESTAMPTZ NOT NULL  DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL  DEFAULT CURRENT_TIMESTAMP,
    "encryption_salt" VARCHAR(255) NOT NULL  DEFAULT '0'
);
CREATE INDEX IF NOT EXISTS "idx_user_user_id_d610a5" ON "user" ("user_id", "created_at");
COMMENT ON COLUMN "user"."user_id" IS 'User ID from authentication provider';
COMMENT ON COLUMN "user"."membership_level" IS 'Membership tier';
COMMENT ON COLUMN "user"."encryption_salt" IS 'Salt for encrypting the user''s secrets';
COMMENT ON TABLE "user" IS 'User table for storing user information';
CREATE TABLE IF NOT EXISTS "api_key" (
    "id" UUID NOT NULL  PRIMARY KEY,
    "user_id" VARCHAR(255) NOT NULL,
    "api_key" VARCHAR(512) NOT NULL,
    "masked_api_key" VARCHAR(512) NOT NULL,
    "is_active" BOOL NOT NULL  DEFAULT True,
    "created_at" TIMESTAMPTZ NOT NULL  DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL  DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ
);
COMMENT ON COLUMN "api_key"."api_key" IS 'SHA-256 hash of the API key';
COMMENT ON COLUMN "api_key"."masked_api_key" IS 'Masked form of the API key for display';
COMMENT ON TABLE "api_key" IS 'API keys issued to users';
CREATE TABLE IF NOT EXISTS "git_label" (
    "id" UUID NOT NULL  PRIMARY KEY,
    "user_id" VARCHAR(255) NOT NULL,
    "label" TEXT NOT NULL,
    "git_hosting" VARCHAR(50) NOT NULL,
    "username" TEXT NOT NULL,
    "token_value" TEXT NOT NULL,
    "masked_token" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL  DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL  DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "uid_git_label_user_id_848e44" UNIQUE ("user_id", "git_hosting", "masked_token")
);
COMMENT ON COLUMN "git_label"."git_hosting" IS 'Git hosting service, e.g. github or gitlab';
COMMENT ON COLUMN "git_label"."token_value" IS 'Encrypted access token';
COMMENT ON TABLE "git_label" IS 'Git hosting credentials of a user';
CREATE TABLE IF NOT EXISTS "repo" (
    "id" UUID NOT NULL  PRIMARY KEY,
    "user_id" VARCHAR(255) NOT NULL,
    "repo_id" VARCHAR(255) NOT NULL,
    "repo_name" VARCHAR(255) NOT NULL,
    "description" TEXT,
    "html_url" VARCHAR(500) NOT NULL,
    "default_branch" VARCHAR(100) NOT NULL  DEFAULT 'main',
    "forks_count" INT NOT NULL  DEFAULT 0,
    "stargazers_count" INT NOT NULL  DEFAULT 0,
    "is_private" BOOL NOT NULL  DEFAULT False,
    "visibility" VARCHAR(50),
    "token_id" VARCHAR(255),
    "created_at" TIMESTAMPTZ NOT NULL  DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL  DEFAULT CURRENT_TIMESTAMP,
    "repo_created_at" TIMESTAMPTZ,
    "repo_updated_at" TIMESTAMPTZ,
    "language" JSONB,
    "size" INT,
    "relative_path" VARCHAR(1024),
    "total_files" INT NOT NULL  DEFAULT 0,
    "total_chunks" INT NOT NULL  DEFAULT 0,
    "processing_start_time" TIMESTAMPTZ,
    "processing_end_time" TIMESTAMPTZ,
    "error_message" TEXT,
    "last_commit" VARCHAR(255) NOT NULL  DEFAULT '',
    "status" VARCHAR(255) NOT NULL  DEFAULT 'pending',
    "repo_alias_name" VARCHAR(100) NOT NULL,
    "repo_user_reference" TEXT,
    "repo_system_reference" TEXT,
    CONSTRAINT "uid_repo_user_id_a03d4e" UNIQUE ("user_id", "repo_id")
);
CREATE INDEX IF NOT EXISTS "idx_repo_user_id_05a4f0" ON "repo" ("user_id", "created_at");
COMMENT ON COLUMN "repo"."repo_id" IS 'Repository ID at the Git provider';
COMMENT ON COLUMN "repo"."token_id" IS 'Id of the git_label whose token reaches the repository';
COMMENT ON COLUMN "repo"."language" IS 'Languages of the repository';
COMMENT ON TABLE "repo" IS 'Repositories connected by users';
CREATE TABLE IF NOT EXISTS "code_chunks" (
    "id" UUID NOT NULL  PRIMARY KEY,
    "user_id" VARCHAR(255) NOT NULL,
    "repo_id" VARCHAR(255) NOT NULL,
    "content" TEXT NOT NULL,
    "embedding" JSONB,
    "metadata" JSONB NOT NULL,
    "file_name" VARCHAR(255) NOT NULL,
    "file_path" VARCHAR(255) NOT NULL,
    "file_size" INT NOT NULL,
    "commit_number" VARCHAR(255) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL  DEFAULT CURRENT_TIMESTAMP
);
COMMENT ON COLUMN "code_chunks"."repo_id" IS 'Id of the repo the chunk belongs to';
COMMENT ON COLUMN "code_chunks"."embedding" IS 'Embedding vector of the chunk';
COMMENT ON TABLE "code_chunks" IS 'Code fragments with their embeddings';
CREATE TABLE IF NOT EXISTS "queue_processing_registry" (
    "id" UUID NOT NULL  PRIMARY KEY,
    "message_id" TEXT NOT NULL,
    "queue_name" TEXT NOT NULL,
    "claimed_by" TEXT,
    "step" TEXT NOT NULL,
    "status" VARCHAR(30) NOT NULL,
    "previous_message_id" UUID,
    "claimed_at" TIMESTAMPTZ,
    "updated_at" TIMESTAMPTZ NOT NULL  DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX IF NOT EXISTS "idx_queue_proce_message_10f9ee" ON "queue_processing_registry" ("message_id", "queue_name");
COMMENT ON COLUMN "queue_processing_registry"."status" IS 'pending: pending\nin_progress: in_progress\nretry: retry\nfailed: failed\ncompleted: completed';
COMMENT ON TABLE "queue_processing_registry" IS 'Processing attempts of queue messages';

CREATE UNIQUE INDEX queue_processing_registry_message_id_idx
    ON queue_processing_registry (message_id)
    WHERE status IN ('pending', 'in_progress');
