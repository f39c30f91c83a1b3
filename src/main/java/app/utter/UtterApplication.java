package app.utter;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Utter: clone a voice from a short clip, then speak any text in it. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class UtterApplication {

    public static void main(String[] args) {
        SpringApplication.run(UtterApplication.class, args);
    }
}
