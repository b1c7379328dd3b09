package models

import (
	"errors"
	"strings"
)

// businessNoWeights are the National Tax Service's weights of a 사업자등록번호's first nine
// digits; the tenth is the check digit they give.
var businessNoWeights = [9]int{1, 3, 7, 1, 3, 7, 1, 3, 5}

// ParseBusinessNo reads a business registration number (사업자등록번호) written with or
// without its dashes and returns it as 000-00-00000, refusing one whose check digit does
// not match: a mistyped digit is found at the form, not at the tax office.
func ParseBusinessNo(s string) (string, error) {
	no, why := parseBusinessNo(s)
	if why != nil {
		return "", errors.New(why.English())
	}
	return no, nil
}

// parseBusinessNo is ParseBusinessNo with the refusal as a keyed text, for a form.
func parseBusinessNo(s string) (string, *Text) {
	digits := strings.ReplaceAll(strings.TrimSpace(s), "-", "")
	if len(digits) != 10 || strings.Trim(digits, "0123456789") != "" {
		return "", Msg("invalid.business_no_shape", "shape", "000-00-00000")
	}
	if digits[9]-'0' != businessNoCheckDigit(digits) {
		return "", Msg("invalid.business_no_check")
	}
	return digits[:3] + "-" + digits[3:5] + "-" + digits[5:], nil
}

// businessNoCheckDigit computes the check digit of ten digits' first nine: the weighted sum,
// plus the tens of the ninth digit times five, subtracted from the next multiple of ten.
func businessNoCheckDigit(digits string) byte {
	sum := 0
	for i, w := range businessNoWeights {
		sum += int(digits[i]-'0') * w
	}
	sum += int(digits[8]-'0') * 5 / 10
	return byte((10 - sum%10) % 10)
}
