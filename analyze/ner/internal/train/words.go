package main

import "strings"

// titles are words that stand before a person's name: titles, offices and
// roles, in German and English. newsdesk's own list.
var titles = strings.Fields(`
Herr Frau Dr. Prof. Professor Professorin Kanzler Kanzlerin Bundeskanzler Bundeskanzlerin Präsident Präsidentin
Bundespräsident Bundespräsidentin Ministerpräsident Ministerpräsidentin Minister Ministerin Bundesminister
Bundesministerin Außenminister Außenministerin Finanzminister Finanzministerin Innenminister Innenministerin
Verteidigungsminister Verteidigungsministerin Wirtschaftsminister Wirtschaftsministerin Gesundheitsminister
Gesundheitsministerin Arbeitsminister Arbeitsministerin Justizminister Justizministerin Regierungschef
Regierungschefin Staatschef Staatschefin Premierminister Premierministerin Oberbürgermeister
Oberbürgermeisterin Bürgermeister Bürgermeisterin Landrat Landrätin Senator Senatorin Abgeordnete Abgeordneter
Parteichef Parteichefin Vorsitzende Vorsitzender Chef Chefin Vorstandschef Vorstandschefin Konzernchef
Konzernchefin Geschäftsführer Geschäftsführerin Sprecher Sprecherin Trainer Trainerin Papst König Königin
Prinz Prinzessin Kaiser Kaiserin Fürst Fürstin Graf Gräfin Bischof Kardinal Pfarrer General Generalsekretär
Generalsekretärin Botschafter Botschafterin Richter Richterin Staatsanwalt Staatsanwältin Kommissar Kommissarin
EU-Kommissarin EU-Kommissar Kommissionspräsidentin Kommissionspräsident US-Präsident Kremlchef Kreml-Chef
Autor Autorin Schauspieler Schauspielerin Sänger Sängerin Regisseur Regisseurin Stürmer Torwart Kapitän
Mr Mr. Mrs Mrs. Ms Ms. Miss Sir Dame Lord Lady Dr Prof President Vice Chancellor Prime Minister Secretary
Senator Sen. Rep. Representative Congressman Congresswoman Governor Gov. Mayor King Queen Prince Princess
Pope Cardinal Bishop Archbishop Rev. Reverend Father Saint St. General Gen. Colonel Col. Lieutenant Lt. Captain
Capt. Sergeant Sgt. Admiral Commander Judge Justice Chief CEO Chairman Chairwoman Chair Director Spokesman
Spokeswoman Ambassador Emperor Sheikh Ayatollah Coach Manager Striker Goalkeeper Officer Detective Agent
Inspector Doctor Professor Minister Chancellor Commissioner Leader
`)

// orgWords are words that make or mark the name of an organisation.
var orgWords = strings.Fields(`
AG GmbH SE KG KGaA OHG e.V. eG mbH Co. Co Inc. Inc Ltd. Ltd LLC Corp. Corp Corporation Company Group Gruppe
Holding Holdings Bank Partei Verein Verband Bund Stiftung Institut Universität Hochschule Akademie Klinik
Klinikum Ministerium Bundesministerium Amt Bundesamt Landesamt Behörde Gericht Bundesgericht Rat Kommission
Agentur Bundesagentur Gewerkschaft Konzern Zeitung Verlag Rundfunk Fernsehen Club Klub FC SC SV VfB VfL TSV
Borussia Eintracht Union Werke Werk Airlines Airways Motors Bahn Post Telekom
Party Association Federation Foundation Institute University College School Academy Council Committee
Commission Ministry Department Agency Court Bureau Office Service Union Society Museum Hospital Church
Airlines Airways Motors Industries Technologies Systems Media News Times Post Journal Press Records Studios
Pictures Entertainment Bancorp Fund Trust Capital Partners Network Club United City Rovers Athletic
`)
