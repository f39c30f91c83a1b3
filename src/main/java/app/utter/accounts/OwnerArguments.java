package app.utter.accounts;

import java.util.List;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import app.utter.web.ApiProblem;

/** Lets controllers declare an {@link Owner} parameter: the account the request is signed in as. */
@Configuration
class OwnerArguments implements WebMvcConfigurer, HandlerMethodArgumentResolver {

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Owner.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
            WebDataBinderFactory binders) {
        Authentication who = SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
        if (who != null && who.getPrincipal() instanceof SignedInUser user) {
            return user.owner();
        }
        throw new ApiProblem(HttpStatus.UNAUTHORIZED, "sign-in-required", "Sign-in required",
                "Sign in, or send an API key as 'Authorization: Bearer <key>'.");
    }
}
