package io.github.genieenhancer.examples.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads an accuracy as a fraction ({@code 0.8}) or a percentage ({@code 80%}). */
final class Fraction implements ITypeConverter<Double> {

    @Override
    public Double convert(String value) {
        String text = value.strip();
        boolean percent = text.endsWith("%");
        double number;
        try {
            number = Double.parseDouble(percent ? text.substring(0, text.length() - 1).strip() : text);
        } catch (NumberFormatException e) {
            throw invalid(value);
        }
        double fraction = percent ? number / 100 : number;
        if (!(fraction >= 0 && fraction <= 1)) {
            throw invalid(value);
        }
        return fraction;
    }

    private static TypeConversionException invalid(String value) {
        return new TypeConversionException("'" + value + "' is not an accuracy: expected a fraction from 0 to 1 "
                + "(0.8) or a percentage (80%)");
    }
}
