package app.utter.dictionary;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import app.utter.voices.Language;

/** Pronunciation rules in the database, each person's apart. */
@Repository
class PronunciationRepository {

    private final JdbcClient jdbc;

    PronunciationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(PronunciationRule rule) {
        jdbc.sql("""
                INSERT INTO pronunciations (id, owner_id, phrase, alias, language, whole_word, case_sensitive, created_at)
                VALUES (:id, :owner, :phrase, :alias, :language, :wholeWord, :caseSensitive, :createdAt)
                """)
                .param("id", rule.id()).param("owner", rule.ownerId()).param("phrase", rule.phrase())
                .param("alias", rule.alias()).param("language", rule.language() == null ? null : rule.language().name())
                .param("wholeWord", rule.wholeWord()).param("caseSensitive", rule.caseSensitive())
                .param("createdAt", rule.createdAt().atOffset(ZoneOffset.UTC))
                .update();
    }

    /** The owner's rules, oldest first. */
    List<PronunciationRule> findAll(String ownerId) {
        return jdbc.sql("SELECT * FROM pronunciations WHERE owner_id = :owner ORDER BY created_at, id")
                .param("owner", ownerId).query(PronunciationRepository::map).list();
    }

    long count(String ownerId) {
        return jdbc.sql("SELECT COUNT(*) FROM pronunciations WHERE owner_id = :owner").param("owner", ownerId)
                .query(Long.class).single();
    }

    boolean delete(String ownerId, String id) {
        return jdbc.sql("DELETE FROM pronunciations WHERE owner_id = :owner AND id = :id").param("owner", ownerId)
                .param("id", id).update() > 0;
    }

    private static PronunciationRule map(ResultSet row, int number) throws SQLException {
        String language = row.getString("language");
        return new PronunciationRule(row.getString("id"), row.getString("owner_id"), row.getString("phrase"),
                row.getString("alias"), language == null ? null : Language.valueOf(language),
                row.getBoolean("whole_word"), row.getBoolean("case_sensitive"),
                row.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
