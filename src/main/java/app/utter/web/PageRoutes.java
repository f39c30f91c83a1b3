package app.utter.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Clean URLs for the static pages: /clone serves clone.html, and so on. */
@Configuration
class PageRoutes implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/clone").setViewName("forward:/clone.html");
        registry.addViewController("/voices").setViewName("forward:/voices.html");
        registry.addViewController("/generate").setViewName("forward:/generate.html");
        registry.addViewController("/history").setViewName("forward:/history.html");
    }
}
