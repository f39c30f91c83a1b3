package app.utter.accounts;

import java.util.Map;

import jakarta.servlet.DispatcherType;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.security.SpringSessionBackedSessionRegistry;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.session.HttpSessionEventPublisher;

/** Who may reach what: pages by session (form sign-in, CSRF-protected), APIs by session or API key. */
@Configuration
@EnableConfigurationProperties(AccountsProperties.class)
class SecurityConfig {

    /** The pages load scripts, styles and media only from Utter itself; recordings play from blob: URLs. */
    private static final RequestMatcher SWAGGER_UI = PathPatternRequestMatcher.withDefaults().matcher("/swagger-ui/**");

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; media-src 'self' blob:; connect-src 'self'; object-src 'none'; "
            + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private static final String[] PUBLIC = {"/login", "/setup", "/signup", "/css/**", "/js/**", "/favicon.svg",
            "/error", "/actuator/health", "/actuator/health/**", "/v3/api-docs", "/v3/api-docs/**", "/api-docs",
            "/swagger-ui/**", "/swagger-ui.html"};

    @Bean
    PasswordEncoder passwordEncoder() {
        String argon2 = "argon2id"; // OWASP's suggested minimum: 19 MiB, 2 passes, 1 lane
        return new DelegatingPasswordEncoder(argon2, Map.of(argon2, new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2)));
    }

    /** Nothing collects Spring Security's traces here, and wrapping every filter in one showed in the profile. */
    @Bean
    SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    SessionRegistry sessionRegistry(FindByIndexNameSessionRepository<? extends Session> sessions) {
        return new SpringSessionBackedSessionRegistry<>(sessions); // the sessions in the database, of every instance
    }

    @Bean
    HttpSessionEventPublisher sessionEvents() {
        return new HttpSessionEventPublisher(); // lets the session registry forget ended sessions
    }

    /** The one way to sign in with a password; as the only provider bean it also keeps Boot from adding a default user. */
    @Bean
    AuthenticationProvider signIn(AccountRepository accountRows, PasswordEncoder passwords, LoginThrottle throttle,
            Accounts accounts) {
        DaoAuthenticationProvider byPassword = new DaoAuthenticationProvider(new AccountUserDetails(accountRows));
        byPassword.setPasswordEncoder(passwords);
        return new ThrottledSignIn(byPassword, throttle, accounts);
    }

    /** Requests that carry an API key: nothing kept between them, so no session, no CSRF token, no cookie. */
    @Bean
    @Order(1)
    SecurityFilterChain apiKeyRequests(HttpSecurity http, ApiKeys keys, SignInRequired signInRequired) {
        SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
        http.securityMatcher(ApiKeyAuthentication::hasBearer)
                .addFilterBefore(new ApiKeyAuthentication(keys, contexts, signInRequired),
                        AnonymousAuthenticationFilter.class)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable());
        return common(http, signInRequired, contexts).build();
    }

    /** Everything else: pages and their scripts, signed in with a session cookie and guarded against CSRF. */
    @Bean
    @Order(2)
    SecurityFilterChain sessionRequests(HttpSecurity http, SignInRequired signInRequired, SessionRegistry sessions) {
        SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
        HttpSessionRequestCache pagesOnly = new HttpSessionRequestCache();
        pagesOnly.setRequestMatcher(request -> !SignInRequired.isApi(request) && "GET".equals(request.getMethod()));
        http.csrf(csrf -> csrf.spa())
                .formLogin(form -> form.loginPage("/login").failureUrl("/login?error").defaultSuccessUrl("/generate"))
                .logout(logout -> logout.logoutSuccessUrl("/login?signed-out"))
                .requestCache(cache -> cache.requestCache(pagesOnly))
                .sessionManagement(session -> session.maximumSessions(-1).sessionRegistry(sessions)
                        .expiredSessionStrategy(expired -> signInRequired.commence(expired.getRequest(),
                                expired.getResponse(), null)));
        return common(http, signInRequired, contexts).build();
    }

    /** Who may reach what, how refusals read, and the security headers: the same for both ways of signing in. */
    private static HttpSecurity common(HttpSecurity http, SignInRequired signInRequired,
            SecurityContextHolderStrategy contexts) {
        return http.authorizeHttpRequests(requests -> requests
                        // A stream's later writes and error pages belong to a request that was already let in.
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers(PUBLIC).permitAll()
                        .requestMatchers("/admin/**", "/api/v1/admin/**", "/actuator/prometheus").hasRole("ADMIN")
                        .anyRequest().authenticated())
                .exceptionHandling(errors -> errors.authenticationEntryPoint(signInRequired)
                        .accessDeniedHandler(new Refusals(signInRequired, contexts)))
                .headers(headers -> headers
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(new NegatedRequestMatcher(SWAGGER_UI),
                                new ContentSecurityPolicyHeaderWriter(CONTENT_SECURITY_POLICY)))
                        // Swagger UI sets inline styles; its pages alone may, and still run no inline script
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(SWAGGER_UI,
                                new ContentSecurityPolicyHeaderWriter(CONTENT_SECURITY_POLICY.replace(
                                        "style-src 'self'", "style-src 'self' 'unsafe-inline'"))))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
                        .frameOptions(frames -> frames.deny()));
    }
}
