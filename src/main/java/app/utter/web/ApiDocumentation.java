package app.utter.web;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

import org.springframework.context.annotation.Configuration;

/** Title and summary of the OpenAPI description served at /v3/api-docs and browsable at /api-docs. */
@Configuration
@OpenAPIDefinition(info = @Info(title = "Utter API", version = "v1",
        description = "Clone voices from short clips and manage them. Errors are RFC 9457 problem details."))
class ApiDocumentation {
}
