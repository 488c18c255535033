package dev.logship.logback;

/**
 * A static field added to every event, written with nested elements:
 * {@code <field><name>environment</name><value>prod</value></field>}. (Logback's configurator does
 * not pass attributes of nested elements to components, so the attribute form used by the Log4j2
 * appender cannot work here; logship reports it as an error that shows this form.)
 */
public class Field {
    private String name;
    private String value;

    public void setName(String name) { this.name = name; }
    public void setValue(String value) { this.value = value; }

    String name() { return name; }
    String value() { return value; }
}
