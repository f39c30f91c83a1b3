package app.utter.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Tomcat answers some requests before any servlet sees them (an encoded '/' or a byte that is not UTF-8 in the
 * path, headers over the size limit). Its error report valve is replaced by one that writes the same documents
 * as {@code /error} does, instead of Tomcat's HTML report.
 */
@Component
class ContainerErrorReports implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private final ErrorDocuments documents;

    ContainerErrorReports(ErrorDocuments documents) {
        this.documents = documents;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            StandardHost host = (StandardHost) context.getParent();
            for (Valve valve : host.getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve) {
                    host.getPipeline().removeValve(valve);
                }
            }
            host.setErrorReportValveClass(DocumentValve.class.getName()); // so that the host adds no report valve of its own
            host.getPipeline().addValve(new DocumentValve(documents));
        });
    }

    /** Writes the error document of a response whose status was set before the application was reached. */
    static final class DocumentValve extends ErrorReportValve {

        private final ErrorDocuments documents;

        DocumentValve(ErrorDocuments documents) {
            this.documents = documents;
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            if (response.getStatus() < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            AtomicBoolean ioAllowed = new AtomicBoolean();
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
            if (!ioAllowed.get()) {
                return;
            }
            ErrorDocument document = documents.forStatus(request.getRequestURI(), response.getStatus());
            try {
                response.setContentType(document.contentType());
                response.setCharacterEncoding("UTF-8");
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(document.body());
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException gone) {
                // the connection is closing; there is no one left to answer
            }
        }
    }
}
