package com.example.devdox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/**
 * The service's own entity, in the service's own table, next to the library's: the reason
 * {@code @EntityScan} must name both packages.
 */
@Entity
@Table(name = "example_work_note")
public class WorkNote {

  /** The table, as the service's own migration would create it. */
  public static final String CREATE_TABLE_SQL =
      "CREATE TABLE IF NOT EXISTS example_work_note ("
          + "id uuid PRIMARY KEY, repo_id varchar(255) NOT NULL, note text NOT NULL)";

  @Id
  @Column(name = "id", nullable = false, updatable = false)
  private UUID id = UUID.randomUUID();

  /** Text form of the library's {@code Repo} id. */
  @Column(name = "repo_id", length = 255, nullable = false)
  private String repoId;

  @Column(name = "note", columnDefinition = "text", nullable = false)
  private String note;

  protected WorkNote() {}

  public WorkNote(String repoId, String note) {
    this.repoId = repoId;
    this.note = note;
  }

  public UUID getId() {
    return id;
  }

  public String getRepoId() {
    return repoId;
  }

  public String getNote() {
    return note;
  }
}
