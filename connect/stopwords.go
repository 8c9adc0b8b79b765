package connect

import (
	"strings"

	"newsdesk/search/analysis"
)

// stopWords are the function words of English and German (folded and
// stemmed alike), and words of news prose that say nothing about the
// event ("said", "sagte", "monday").
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	en := `a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having he her
here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of
off on once only or other our ours ourselves out over own same she should so some such than that the their theirs
them themselves then there these they this those through to too under until up very was we were what when where
which while who whom why will with would you your yours yourself yourselves said says say told according mr mrs ms
one two three four five six seven eight nine ten new year years week month monday tuesday wednesday thursday friday
saturday sunday today yesterday tomorrow last first since may might must shall us well even many much get got like
people time back made make still way around going go know think']`
	de := `aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes anderm andern
anders auch auf aus bei bin bis bist da damit dann das dass dein deine deinem deinen deiner dem den denn der des dessen
deshalb die dies diese diesem diesen dieser dieses doch dort du durch ein eine einem einen einer eines einig einige
einigem einigen einiger einiges einmal er es etwas euer eure eurem euren eurer für gegen gewesen hab habe haben hat
hatte hatten hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres im in indem ins ist jede jedem jeden
jeder jedes jene jenem jenen jener jenes jetzt kann kein keine keinem keinen keiner keines können könnte machen man
manche manchem manchen mancher manches mein meine meinem meinen meiner meines mich mir mit muss musste nach nicht
nichts noch nun nur ob oder ohne sehr sein seine seinem seinen seiner seines selbst sich sie sind so solche solchem
solchen solcher solches soll sollte sondern sonst über um und uns unsere unserem unseren unserer unter viel vom von vor
während war waren warst was weg weil weiter welche welchem welchen welcher welches wenn werde werden wie wieder will
wir wird wirst wo wollen wollte würde würden zu zum zur zwar zwischen sagte sagt sagten erklärte teilte mit
laut heute gestern morgen montag dienstag mittwoch donnerstag freitag samstag sonntag jahr jahre jahren woche
monat neue neuen neuer ersten zwei drei vier fünf sechs sieben acht neun zehn mehr bereits rund sei seien habe worden
wurde wurden`
	for _, w := range strings.Fields(en) {
		m[analysis.Term(analysis.English, w)] = true
		m[analysis.Fold(w)] = true
	}
	for _, w := range strings.Fields(de) {
		m[analysis.Term(analysis.German, w)] = true
		m[analysis.Fold(w)] = true
	}
	return m
}()
