package dev.patternshop.servicedefaults;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/** Puts {@link ProblemJsonErrorReportValve} on the host in place of Tomcat's HTML error report. */
final class ProblemJsonErrorReports implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            var host = context.getParent();
            for (Valve valve : host.getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve) {
                    host.getPipeline().removeValve(valve);
                }
            }
            host.getPipeline().addValve(new ProblemJsonErrorReportValve());
            // The host adds a valve of this class at start unless one is there already: ours is.
            if (host instanceof StandardHost standardHost) {
                standardHost.setErrorReportValveClass(ProblemJsonErrorReportValve.class.getName());
            }
        });
    }

    @Override
    public int getOrder() {
        // After Boot's TomcatWebServerFactoryCustomizer (order 0), so that our context customizer runs after its.
        return Ordered.LOWEST_PRECEDENCE;
    }
}
