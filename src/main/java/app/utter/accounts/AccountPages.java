package app.utter.accounts;

import java.util.Map;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import app.utter.web.ApiProblem;
import app.utter.web.HtmlPages;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/** The pages before sign-in: the sign-in form, the first visitor's admin setup, and sign-up. */
@Controller
@HtmlPages
class AccountPages {

    private final Accounts accounts;
    private final SessionSignIn sessionSignIn;

    AccountPages(Accounts accounts, SessionSignIn sessionSignIn) {
        this.accounts = accounts;
        this.sessionSignIn = sessionSignIn;
    }

    @GetMapping("/login")
    String login(HttpServletRequest request, Model model) {
        if (accounts.needsSetup()) {
            return "redirect:/setup";
        }
        HttpSession session = request.getSession(false);
        if (request.getParameter("error") != null && session != null
                && session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION) instanceof AuthenticationException failed) {
            model.addAttribute("problem", failed.getMessage());
        } else if (request.getParameter("error") != null) {
            model.addAttribute("problem", "Wrong username or password.");
        }
        if (request.getParameter("signed-out") != null) {
            model.addAttribute("notice", "You are signed out.");
        }
        model.addAttribute("openSignUp", accounts.openSignUp());
        return "login";
    }

    @GetMapping("/setup")
    String setup(Model model) {
        if (!accounts.needsSetup()) {
            return "redirect:/login";
        }
        model.addAttribute("errors", Map.of());
        return "setup";
    }

    @PostMapping("/setup")
    String setUp(@RequestParam(required = false) String username, @RequestParam(required = false) String password,
            @RequestParam(name = "confirm_password", required = false) String confirmation, Model model,
            HttpServletRequest request, HttpServletResponse response) {
        try {
            sessionSignIn.signIn(accounts.setUpAdmin(username, password, confirmation), request, response);
            return "redirect:/clone?welcome";
        } catch (ApiProblem problem) {
            if ("already-set-up".equals(problem.type())) {
                return "redirect:/login";
            }
            model.addAttribute("username", username);
            model.addAttribute("errors", fieldErrors(problem));
            return "setup";
        }
    }

    @GetMapping("/signup")
    String signUpForm(@RequestParam(required = false) String invitation, Model model) {
        String page = signUpPage(invitation, model);
        model.addAttribute("errors", Map.of());
        return page;
    }

    @PostMapping("/signup")
    String signUp(@RequestParam(required = false) String username, @RequestParam(required = false) String password,
            @RequestParam(name = "confirm_password", required = false) String confirmation,
            @RequestParam(required = false) String invitation, Model model, HttpServletRequest request,
            HttpServletResponse response) {
        String page = signUpPage(invitation, model);
        if (!"signup".equals(page)) {
            return page;
        }
        try {
            sessionSignIn.signIn(accounts.signUp(username, password, confirmation, invitation), request, response);
            return "redirect:/clone?welcome";
        } catch (ApiProblem problem) {
            model.addAttribute("username", username);
            model.addAttribute("errors", fieldErrors(problem));
            return "signup";
        }
    }

    /** The sign-up page when sign-up is possible: open, or with a usable invitation; else why not. */
    private String signUpPage(String invitation, Model model) {
        if (accounts.needsSetup()) {
            return "redirect:/setup";
        }
        boolean invited = invitation != null && !invitation.isBlank();
        model.addAttribute("invitation", invited ? invitation : null);
        if (invited && !accounts.invitationUsable(invitation)) {
            model.addAttribute("closed", "This invitation link has expired or was already used. Ask for a new one.");
        } else if (!invited && !accounts.openSignUp()) {
            model.addAttribute("closed", "Sign-up here is by invitation. Ask an admin of this Utter for a link.");
        }
        return "signup";
    }

    private static Map<String, String> fieldErrors(ApiProblem problem) {
        Map<String, String> errors = problem.fieldErrors();
        if (errors.isEmpty()) {
            errors.put("form", problem.getBody().getDetail());
        }
        return errors;
    }
}
