package ai.devdox.models.query;

import ai.devdox.models.entity.GitLabel;
import ai.devdox.models.entity.Repo;
import java.util.Optional;

/**
 * A repo and the git label its {@code token_id} points at, as {@link RepoQueries#withLabels}
 * returns them.
 *
 * @param repo the repo
 * @param label its label; empty when {@code token_id} is null, is not a uuid, names no row, or
 *     names a label of another user
 */
public record RepoWithLabel(Repo repo, Optional<GitLabel> label) {

  /** Checks that neither part is null. */
  public RepoWithLabel {
    Args.notNull(repo, "repo");
    Args.notNull(label, "label");
  }
}
