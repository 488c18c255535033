package dev.logship.spring;

import ch.qos.logback.classic.Logger;
import dev.logship.logback.ElasticsearchSettings;
import dev.logship.logback.LogshipAppender;

/** The starter with Logback, Boot's default logging system. */
class LogbackStarterTest extends StarterContract {

    @Override
    String framework() {
        return "Logback";
    }

    @Override
    long logshipAppenders() {
        return LogbackAppenders.all().size();
    }

    @Override
    void declareOwnAppender(String name, String url) {
        LogshipAppender appender = new LogshipAppender();
        appender.setContext(LogbackAppenders.context());
        appender.setName(name);
        ElasticsearchSettings elasticsearch = new ElasticsearchSettings();
        elasticsearch.setUrl(url);
        appender.setElasticsearch(elasticsearch);
        appender.setShutdownTimeout("1s");
        appender.setFlushOnExit("false");
        appender.start();
        LogbackAppenders.context().getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    }

    @Override
    void removeLogshipAppenders() {
        LogbackAppenders.removeAll();
    }

    @Override
    void reloadLoggingConfiguration() throws Exception {
        ch.qos.logback.classic.joran.JoranConfigurator configurator = new ch.qos.logback.classic.joran.JoranConfigurator();
        configurator.setContext(LogbackAppenders.context());
        LogbackAppenders.context().reset();
        configurator.doConfigure(getClass().getResource("/logback-test.xml"));
    }
}
