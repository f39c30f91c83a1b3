package app.utter.generation;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import app.utter.support.LocalS3;

/** The same generation tests with chunks and audio in an S3 bucket (the moto test server). */
class S3GenerationTests extends GenerationTests {

    @DynamicPropertySource
    static void bucket(DynamicPropertyRegistry registry) {
        LocalS3.useFor(registry, "generations");
    }
}
