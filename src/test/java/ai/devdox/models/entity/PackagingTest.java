package ai.devdox.models.entity;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.Entity;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Index;
import org.jboss.jandex.IndexReader;
import org.junit.jupiter.api.Test;

/** What frameworks look for in the JAR: a Jandex index of the entities and no persistence.xml. */
class PackagingTest {

  @Test
  void theJandexIndexListsEveryEntity() throws Exception {
    URL indexFile = DevdoxEntities.class.getClassLoader().getResource("META-INF/jandex.idx");
    assertThat(indexFile).as("META-INF/jandex.idx is built with the classes").isNotNull();
    Index index;
    try (InputStream in = indexFile.openStream()) {
      index = new IndexReader(in).read();
    }

    List<String> indexedEntities = index.getAnnotations(DotName.createSimple(Entity.class.getName()))
        .stream().map(annotation -> annotation.target().asClass().name().toString()).sorted()
        .toList();

    assertThat(indexedEntities).containsExactlyInAnyOrderElementsOf(
        DevdoxEntities.ALL.stream().map(Class::getName).toList());
  }

  @Test
  void theCanonicalListHoldsEveryEntityOnce() {
    assertThat(DevdoxEntities.ALL).doesNotHaveDuplicates().hasSize(6)
        .allMatch(type -> type.isAnnotationPresent(Entity.class));
    assertThat(DevdoxEntities.TABLES).hasSize(DevdoxEntities.ALL.size());
    assertThat(DevdoxEntities.PACKAGE).isEqualTo(User.class.getPackageName());
  }

  @Test
  void noPersistenceXmlShips() throws Exception {
    List<URL> found = Collections.list(
        DevdoxEntities.class.getClassLoader().getResources("META-INF/persistence.xml"));
    String classes = DevdoxEntities.class.getProtectionDomain().getCodeSource().getLocation()
        .toString();

    assertThat(found).noneMatch(url -> url.toString().startsWith(classes));
  }
}
