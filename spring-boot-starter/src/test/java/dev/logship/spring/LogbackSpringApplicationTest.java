package dev.logship.spring;

class LogbackSpringApplicationTest extends SpringApplicationContract {

    @Override
    long logshipAppenders() {
        return LogbackAppenders.all().size();
    }

    @Override
    long received() {
        return LogbackAppenders.all().get(0).metrics().received();
    }

    @Override
    String configDeclaringAnAppender() {
        return "classpath:logback-declared.xml";
    }

    @Override
    void removeLogshipAppenders() {
        LogbackAppenders.removeAll();
    }
}
