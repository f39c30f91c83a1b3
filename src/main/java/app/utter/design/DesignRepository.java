package app.utter.design;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import app.utter.voices.Language;

/** Voice designs waiting to be saved, in the database; their candidates' audio is in the blob store. */
@Repository
class DesignRepository {

    private final JdbcClient jdbc;

    DesignRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(VoiceDesign design) {
        jdbc.sql("""
                INSERT INTO voice_designs (id, owner_id, description, text, language, seeds, created_at)
                VALUES (:id, :owner, :description, :text, :language, :seeds, :createdAt)
                """)
                .param("id", design.id()).param("owner", design.ownerId()).param("description", design.description())
                .param("text", design.text()).param("language", design.language().name())
                .param("seeds", design.seeds().stream().map(String::valueOf).collect(Collectors.joining(",")))
                .param("createdAt", design.createdAt().atOffset(ZoneOffset.UTC))
                .update();
    }

    Optional<VoiceDesign> findOwned(String ownerId, String id) {
        return jdbc.sql("SELECT * FROM voice_designs WHERE id = :id AND owner_id = :owner").param("id", id)
                .param("owner", ownerId).query(DesignRepository::map).optional();
    }

    /** The owner's designs made before {@code before}, which are then removed. */
    List<VoiceDesign> removeOlder(String ownerId, Instant before) {
        List<VoiceDesign> old = jdbc.sql("SELECT * FROM voice_designs WHERE owner_id = :owner AND created_at < :before")
                .param("owner", ownerId).param("before", before.atOffset(ZoneOffset.UTC)).query(DesignRepository::map)
                .list();
        old.forEach(design -> jdbc.sql("DELETE FROM voice_designs WHERE id = :id").param("id", design.id()).update());
        return old;
    }

    private static VoiceDesign map(ResultSet row, int number) throws SQLException {
        return new VoiceDesign(row.getString("id"), row.getString("owner_id"), row.getString("description"),
                row.getString("text"), Language.valueOf(row.getString("language")),
                Arrays.stream(row.getString("seeds").split(",")).map(Long::valueOf).toList(),
                row.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
