package dev.logship.spring;

class Log4j2SpringApplicationTest extends SpringApplicationContract {

    @Override
    long logshipAppenders() {
        return Log4j2Appenders.onRoot();
    }

    @Override
    long received() {
        return Log4j2Appenders.all().get(0).metrics().received();
    }

    @Override
    String configDeclaringAnAppender() {
        return "classpath:log4j2-declared.xml";
    }

    @Override
    void removeLogshipAppenders() {
        Log4j2Appenders.removeAll();
        // Boot keeps Log4j2 initialised across runs in one JVM: back to the test configuration
        try {
            Log4j2Appenders.context().setConfigLocation(getClass().getResource("/log4j2-test.xml").toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
